// The inspector webview's HTML document. Pure (no `vscode` import) so the webview tests render the
// very same document, CSP included, in headless Chromium.
//
// Content-Security-Policy, and why each source is there:
//   default-src 'none'                      nothing loads unless listed below
//   script-src 'nonce-N'                    only our bundle (and nothing injected from data) runs
//   style-src  <cspSource> 'nonce-N'        our stylesheet; no inline style attributes from markup.
//                                           @vscode-elements (lit) uses constructable stylesheets
//                                           (adoptedStyleSheets) and CSSOM style properties, which CSP
//                                           does not block, so it needs no 'unsafe-inline'
//   img-src    <cspSource>                  images only from the extension's own files; no data:, no
//                                           remote URLs, so an <img> in untrusted text could never load
//   font-src   <cspSource>                  for codicon fonts should a later view use them
// There are no inline event handlers, and every interpolated value is attribute-escaped.

export interface InspectorHtmlOptions {
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  cspSource: string;
  /** A fresh random nonce per render (base64 or hex). */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)`, as a string. */
  styleUri: string;
}

const attributeEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes a value for a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (char) => attributeEscapes[char] ?? char);
}

/** Nonces are base64 or hex; anything else is dropped so the value cannot end the CSP source early. */
function sanitizeNonce(nonce: string): string {
  return nonce.replace(/[^A-Za-z0-9+/=_-]/g, '');
}

// `'self'`, or a scheme-qualified host such as https://*.vscode-cdn.net: what VS Code gives.
const allowedSource = /^(?:'self'|[a-z][a-z0-9+.-]*:\/\/[^\s;,'*]*(?:\*[^\s;,'*]*)?)$/i;

/**
 * `webview.cspSource` may hold several sources (code-server gives `'self' https://*.vscode-cdn.net`):
 * keep them apart, and keep only tokens shaped like those sources, so the value can never add a
 * directive or a wildcard such as `*`.
 */
function sanitizeSourceList(cspSource: string): string {
  return cspSource
    .split(/[\s;,]+/)
    .filter((token) => allowedSource.test(token))
    .join(' ');
}

/** The CSP a renderInspectorHtml document carries, exported so tests and reviewers read one string. */
export function inspectorCsp(cspSource: string, nonce: string): string {
  const source = sanitizeSourceList(cspSource);
  const nonceSource = `'nonce-${sanitizeNonce(nonce)}'`;
  return [
    "default-src 'none'",
    `img-src ${source}`,
    `font-src ${source}`,
    `style-src ${source} ${nonceSource}`,
    `script-src ${nonceSource}`,
  ].join('; ');
}

export function renderInspectorHtml(opts: InspectorHtmlOptions): string {
  const csp = escapeAttribute(inspectorCsp(opts.cspSource, opts.nonce));
  const nonce = sanitizeNonce(opts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(opts.styleUri)}">
<title>Search-R2 Inspector</title>
</head>
<body>
<script nonce="${nonce}" src="${escapeAttribute(opts.scriptUri)}"></script>
</body>
</html>
`;
}
