import { BlockList, isIP } from 'node:net';

interface NameRule {
  /** Lower case, without a leading `.`: matches itself and every name under it. */
  readonly name: string;
  /** When the entry named a port, only that port. */
  readonly port: string | undefined;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Splits `host:port`, `[v6]:port`, a bare IPv6 address, or a CIDR block into host and port. */
function splitEntry(entry: string): [host: string, port: string | undefined] {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracket !== null) return [bracket[1]!, bracket[2]];
  const colon = entry.lastIndexOf(':');
  // Two colons or more without brackets: an IPv6 address (or block), which has no port.
  if (colon === -1 || entry.indexOf(':') !== colon) return [entry, undefined];
  return [entry.slice(0, colon), entry.slice(colon + 1)];
}

/**
 * A `NO_PROXY` list, read as requests and curl read it: entries split by commas (and spaces),
 * case-insensitive; `*` alone bypasses the proxy for every host; a name matches itself and its
 * subdomains, with or without a leading dot (`example.com` and `.example.com` both match
 * `api.example.com`, never `notexample.com`); `host:port` only that port; an IP address only
 * itself, a CIDR block (`10.0.0.0/8`, `fd00::/8`) every address in it. Loopback is not
 * special: as in requests and curl, list `localhost,127.0.0.1,::1` to reach them directly.
 */
export class NoProxy {
  readonly #all: boolean;
  readonly #names: NameRule[] = [];
  readonly #addresses = new BlockList();

  constructor(list: string) {
    const entries = list.split(/[\s,]+/).map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== '');
    this.#all = entries.includes('*');
    for (const entry of entries) {
      const [host, port] = splitEntry(entry);
      const cidr = /^(.+)\/(\d{1,3})$/.exec(host);
      const family = isIP(cidr === null ? host : cidr[1]!);
      if (family !== 0 && port === undefined) {
        const type = family === 4 ? 'ipv4' : 'ipv6';
        if (cidr === null) this.#addresses.addAddress(host, type);
        else if (Number(cidr[2]) <= (family === 4 ? 32 : 128)) this.#addresses.addSubnet(cidr[1]!, Number(cidr[2]), type);
        continue;
      }
      this.#names.push({ name: host.replace(/^\*?\./, ''), port });
    }
  }

  /** Whether a call to `url` goes straight to its origin. */
  bypasses(url: URL): boolean {
    if (this.#all) return true;
    const host = unbracket(url.hostname.toLowerCase());
    const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
    const family = isIP(host);
    if (family !== 0 && this.#addresses.check(host, family === 4 ? 'ipv4' : 'ipv6')) return true;
    for (const rule of this.#names) {
      if (rule.port !== undefined && rule.port !== port) continue;
      if (host === rule.name || host.endsWith('.' + rule.name)) return true;
    }
    return false;
  }
}
