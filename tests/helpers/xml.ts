import { XMLParser } from 'fast-xml-parser';

/** Parses feeds keeping attributes (as @_name) and text exactly; repeatable elements always as arrays. */
export const feedParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ['item', 'entry', 'link', 'atom:link', 'author'].includes(name),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type XmlNode = any;

/** An element's text, whether the parser gave a string or an object with attributes. */
export const xmlText = (node: XmlNode): string => (typeof node === 'string' ? node : (node?.['#text'] ?? ''));
