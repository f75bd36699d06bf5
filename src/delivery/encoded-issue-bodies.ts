import { Injectable } from '@nestjs/common';
import { QuotedPrintableTemplate } from '#src/mail/quoted-printable-template.js';
import type { CompiledIssue } from '#src/rendering/digest-renderer.js';
import { placeholderSegments, type PlaceholderName } from '#src/rendering/placeholders.js';

export interface EncodedBodies {
  readonly html: QuotedPrintableTemplate<PlaceholderName>;
  readonly text: QuotedPrintableTemplate<PlaceholderName>;
}

interface Entry extends EncodedBodies {
  readonly sourceHtml: string;
  readonly sourceText: string;
}

/** Issues sending at once in one process is small; older entries are simply encoded again. */
const MAX_ENTRIES = 20;

/**
 * An issue's HTML and text parts, transfer-encoded once per process: per reader only the
 * placeholders are encoded and spliced in (see QuotedPrintableTemplate).
 */
@Injectable()
export class EncodedIssueBodies {
  private readonly entries = new Map<string, Entry>();

  for(issueId: string, issue: Pick<CompiledIssue, 'html' | 'text'>): EncodedBodies {
    const cached = this.entries.get(issueId);
    // A string comparison, not a re-encode, when the issue was fetched again (same content).
    if (cached && cached.sourceHtml === issue.html && cached.sourceText === issue.text) return cached;
    const entry: Entry = {
      sourceHtml: issue.html,
      sourceText: issue.text,
      html: QuotedPrintableTemplate.compile(placeholderSegments(issue.html)),
      text: QuotedPrintableTemplate.compile(placeholderSegments(issue.text)),
    };
    this.entries.delete(issueId);
    this.entries.set(issueId, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}
