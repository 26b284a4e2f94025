/** An HTTP token (RFC 9110): what a header or cookie name must be, in a spec or a document alike. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
