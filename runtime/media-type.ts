/** Whether a Content-Type says JSON: `application/json`, `*\/*+json`, `text/json`. One rule for bodies sent and read. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mime = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}
