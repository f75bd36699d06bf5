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

/**
 * The first child with one of the names, from the format's own namespace first; an extension's
 * element (`itunes:title`, `media:description`, `dc:date`) only when the core has none.
 */
export function findField(element: XmlElement, names: readonly string[], core: CorePrefixes): XmlElement | null {
  return findFields(element, names, core)[0] ?? null;
}

/**
 * All children with one of the names: the core's in name order, then the extensions' (only those
 * named in `extensionNames`: `content:encoded` is a body, `media:content` a picture).
 */
export function findFields(element: XmlElement, names: readonly string[], core: CorePrefixes, extensionNames = names): XmlElement[] {
  const ranked: { child: XmlElement; rank: number }[] = [];
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    const rank = core.has(child.namespace) ? names.indexOf(child.name) : extensionRank(extensionNames, child.name, names.length);
    if (rank >= 0) ranked.push({ child, rank });
  }
  // A stable sort keeps document order among equals.
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.child);
}

function extensionRank(names: readonly string[], name: string, offset: number): number {
  const index = names.indexOf(name);
  return index < 0 ? -1 : offset + index;
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
