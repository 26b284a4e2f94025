import type { ResponseHeaders } from './response.js';

// One link-value of RFC 8288: `<target>` then `; name=value` or `; name="quoted"` parameters.
const LINK = /<([^>]*)>((?:\s*;\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*(?:=\s*(?:"(?:[^"\\]|\\.)*"|[^\s;,"]*))?)*)/g;
const PARAM = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;,"]*)))?/g;

/**
 * The target of the first link whose `rel` holds `rel` (relation types are compared without case,
 * and one `rel` may list several, as in `rel="next last"`), as written: maybe relative. Every
 * `Link` header counts, also several links in one.
 */
export function linkTarget(headers: ResponseHeaders, rel: string): string | undefined {
  const value = headers['link'];
  if (value === undefined) return undefined;
  const wanted = rel.toLowerCase();
  for (const header of Array.isArray(value) ? value : [value]) {
    for (const link of header.matchAll(LINK)) {
      for (const param of link[2]!.matchAll(PARAM)) {
        if (param[1]!.toLowerCase() !== 'rel') continue;
        const rels = (param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : param[3] ?? '').toLowerCase().split(/\s+/);
        if (rels.includes(wanted)) return link[1]!.trim();
        // Only the first rel parameter of a link counts (RFC 8288 §3.3).
        break;
      }
    }
  }
  return undefined;
}
