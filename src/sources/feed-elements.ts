import type { parseFeed } from '@rowanmanning/feed-parser';
import { Element } from '@rowanmanning/feed-parser/lib/xml/element.js';

type Feed = ReturnType<typeof parseFeed>;
export type FeedItem = Feed['items'][number];
export type XmlElement = FeedItem['element'];
export type FeedFormat = 'rss' | 'rdf' | 'atom';

/**
 * Namespace URIs of each format's own elements. `null` is "no namespace": RSS 2.0 has none, and
 * an Atom or RDF feed that forgot to declare its namespace is still read.
 */
const CORE_NAMESPACE_URIS: Record<FeedFormat, readonly (string | null)[]> = {
  rss: [null, 'http://backend.userland.com/rss2', 'http://blogs.law.harvard.edu/tech/rss'],
  rdf: [null, 'http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/', 'http://channel.netscape.com/rdf/simple/0.9/'],
  atom: [null, 'http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#'],
};

/** The prefixes (a symbol for "no prefix") that name the format's own namespace. */
export type CorePrefixes = ReadonlySet<string | symbol>;

/**
 * Read once per feed from the declarations on the root: an item's `<title>` belongs to the core
 * only when its prefix maps to the format's namespace (`<atom:title>` can, `<media:title>` not).
 */
export function corePrefixesOf(feed: Feed, format: FeedFormat): CorePrefixes {
  const declarations = feed.element.namespaceDeclarations;
  const uris = CORE_NAMESPACE_URIS[format];
  const core = new Set<string | symbol>(Reflect.ownKeys(declarations).filter((prefix) => uris.includes(declarations[prefix as string] ?? null)));
  // No default namespace declared: unprefixed elements are the format's own.
  if (!(Element.DEFAULT_NAMESPACE in declarations)) core.add(Element.DEFAULT_NAMESPACE);
  return core;
}

interface IndexedChild {
  element: XmlElement;
  core: boolean;
}

/**
 * An item's child elements by local name, read once: the library builds child objects anew on
 * every lookup, and an item is looked up a dozen times. Core elements (the format's own
 * namespace) win over an extension's (`itunes:title`, `media:description`, `dc:date`), which only
 * fill what the core lacks.
 */
export class ItemChildren {
  private readonly byName = new Map<string, IndexedChild[]>();

  constructor(element: XmlElement, core: CorePrefixes) {
    for (const child of element.children) {
      if (typeof child === 'string') continue;
      const name = child.name;
      const entry = { element: child, core: core.has(child.namespace) };
      const list = this.byName.get(name);
      if (list) list.push(entry);
      else this.byName.set(name, [entry]);
    }
  }

  /** The first of `all(…)`. */
  first(names: readonly string[], extensionNames = names): XmlElement | null {
    return this.all(names, extensionNames)[0] ?? null;
  }

  /**
   * Children with one of the names: the core's in name order, then the extensions' (only those in
   * `extensionNames`: `content:encoded` is a body, `media:content` a picture); document order
   * within each name.
   */
  all(names: readonly string[], extensionNames = names): XmlElement[] {
    const pick = (list: readonly string[], core: boolean) =>
      list.flatMap((name) => (this.byName.get(name) ?? []).filter((c) => c.core === core).map((c) => c.element));
    return [...pick(names, true), ...pick(extensionNames, false)];
  }

  /** Every child with this local name, whatever its namespace, in document order. */
  named(name: string): XmlElement[] {
    return (this.byName.get(name) ?? []).map((c) => c.element);
  }
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Inline markup (Atom `type="xhtml"`, or unescaped HTML a feed put into `<description>`) as an
 * HTML string, so block elements keep separating paragraphs and scripts can be dropped later.
 * Text nodes arrive entity-decoded from the XML parser and are escaped again here.
 */
export function markupOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? escapeHtml(child) : elementHtml(child))).join('');
}

export function hasChildElements(element: XmlElement): boolean {
  return element.children.some((child) => typeof child !== 'string');
}

function elementHtml(element: XmlElement): string {
  const attributes = Object.entries(element.attributes)
    .filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:'))
    .map(([name, value]) => ` ${name}="${escapeHtml(value).replace(/"/g, '&quot;')}"`)
    .join('');
  const open = `<${element.name}${attributes}>`;
  return VOID_ELEMENTS.has(element.name) ? open : `${open}${markupOf(element)}</${element.name}>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
