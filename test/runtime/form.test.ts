import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../runtime/index.js';
import type { FormMap } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';
import { python } from '../helpers/python.js';
import type { ReceivedRequest } from '../helpers/server.js';

const h = useHarness();

async function sendForm(form: FormMap): Promise<ReceivedRequest> {
  const server = await h.server();
  const s = h.session(server.origin);
  await (await s.post('/form', { form })).dump();
  const received = server.received[0]!;
  expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  expect(received.headers['content-length']).toBe(String(received.raw.length));
  return received;
}

/** What Debian's Python reads out of a form body: name/value pairs in order, as a server would. */
function parseQsl(body: string): Promise<[string, string][]> {
  return python('import sys, json, urllib.parse; print(json.dumps(urllib.parse.parse_qsl(sys.stdin.read(), keep_blank_values=True, strict_parsing=True)))', body);
}

/** qs, the encoder Express and Stripe's own Node SDK use: `brackets` for arrays of scalars, `indices` for arrays of objects. */
function qsExpected(form: Record<string, unknown>, indexed: readonly string[]): string {
  return Object.keys(form)
    .map((key) => qs.stringify({ [key]: form[key] }, { arrayFormat: indexed.includes(key) ? 'indices' : 'brackets', format: 'RFC1738', skipNulls: true }))
    .filter((part) => part !== '')
    .join('&');
}

describe('nested form bodies', () => {
  // A Stripe-style call: objects, arrays of scalars, arrays of objects, numbers and booleans as text.
  const stripe = {
    amount: 2000,
    currency: 'usd',
    confirm: true,
    metadata: { order: 1, 'note with space': 'a&b=c ü', empty: '' },
    expand: ['customer', 'latest_charge.balance_transaction'],
    items: [{ price: 'p1', quantity: 2 }, { price: 'p2', quantity: 1.5 }],
    shipping: { address: { line1: '1 Main St', city: 'Paris' }, name: 'Ann' },
    skipped: null,
    missing: undefined,
  };

  it('encodes byte for byte as qs does (brackets for scalar arrays, indices for object arrays)', async () => {
    const received = await sendForm(stripe);
    const expected = qsExpected(stripe, ['items']);
    expect(received.body).toBe(expected);
    expect(received.body).toBe(
      'amount=2000&currency=usd&confirm=true' +
        '&metadata%5Border%5D=1&metadata%5Bnote+with+space%5D=a%26b%3Dc+%C3%BC&metadata%5Bempty%5D=' +
        '&expand%5B%5D=customer&expand%5B%5D=latest_charge.balance_transaction' +
        '&items%5B0%5D%5Bprice%5D=p1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=p2&items%5B1%5D%5Bquantity%5D=1.5' +
        '&shipping%5Baddress%5D%5Bline1%5D=1+Main+St&shipping%5Baddress%5D%5Bcity%5D=Paris&shipping%5Bname%5D=Ann',
    );
  });

  it("decodes in Python's urllib.parse to the bracketed names and text values, in order", async () => {
    const received = await sendForm(stripe);
    expect(await parseQsl(received.body)).toEqual([
      ['amount', '2000'],
      ['currency', 'usd'],
      ['confirm', 'true'],
      ['metadata[order]', '1'],
      ['metadata[note with space]', 'a&b=c ü'],
      ['metadata[empty]', ''],
      ['expand[]', 'customer'],
      ['expand[]', 'latest_charge.balance_transaction'],
      ['items[0][price]', 'p1'],
      ['items[0][quantity]', '2'],
      ['items[1][price]', 'p2'],
      ['items[1][quantity]', '1.5'],
      ['shipping[address][line1]', '1 Main St'],
      ['shipping[address][city]', 'Paris'],
      ['shipping[name]', 'Ann'],
    ]);
  });

  it('keeps hostile text intact through the encoding (Python reads back every character)', async () => {
    const hostile = "~*()!'+%20%&=#?/\\[]{}\r\n\0 \u2028😀é";
    const received = await sendForm({ [hostile]: hostile, nested: { [hostile]: [hostile, false] } });
    expect(await parseQsl(received.body)).toEqual([
      [hostile, hostile],
      [`nested[${hostile}][]`, hostile],
      [`nested[${hostile}][]`, 'false'],
    ]);
  });

  it('indexes arrays of arrays and keeps an index where null was left out', async () => {
    const received = await sendForm({ matrix: [[1, 2], [3]], sparse: [{ a: 1 }, null, { a: 3 }], scalars: ['x', null, 'z'], none: [], blank: {} });
    expect(await parseQsl(received.body)).toEqual([
      ['matrix[0][]', '1'],
      ['matrix[0][]', '2'],
      ['matrix[1][]', '3'],
      ['sparse[0][a]', '1'],
      ['sparse[2][a]', '3'],
      ['scalars[]', 'x'],
      ['scalars[]', 'z'],
    ]);
  });

  it('sends flat maps as before', async () => {
    const received = await sendForm({ a: '1', b: 2, c: false });
    expect(received.body).toBe('a=1&b=2&c=false');
  });

  it('refuses a value that holds itself, and objects that are not plain, before sending anything', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = { back: loop };
    const cycle = await rejection(s.post('/', { form: loop as FormMap }));
    expect(cycle).toBeInstanceOf(InvalidOptionError);
    expect((cycle as InvalidOptionError).message).toContain('self[back] holds itself');
    const date = await rejection(s.post('/', { form: { when: new Date(0) as unknown as FormMap } }));
    expect((date as InvalidOptionError).option).toBe('form');
    expect((date as Error).message).toContain('when is a Date');
    expect(server.received).toHaveLength(0);
  });

  it('takes a value typed by an interface, as generated clients declare bodies, nested ones too', async () => {
    interface Address { line1: string; city?: string }
    interface CreateCustomer { email: string; address: Address; tags: readonly string[] }
    const body: CreateCustomer = { email: 'a@example.com', address: { line1: '1 Main' }, tags: ['vip'] };
    const received = await sendForm(body);
    expect(received.body).toBe('email=a%40example.com&address%5Bline1%5D=1+Main&tags%5B%5D=vip');
  });

  it('refuses a form that is not a plain object, and values that are functions', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    expect(await rejection(s.post('/', { form: ['a'] }))).toBeInstanceOf(InvalidOptionError);
    expect(((await rejection(s.post('/', { form: { f: () => 1 } }))) as Error).message).toContain('f is a function');
    expect(server.received).toHaveLength(0);
  });

  it('lets the same object appear twice side by side (only a cycle is refused)', async () => {
    const shared = { x: '1' };
    const received = await sendForm({ a: shared, b: shared });
    expect(received.body).toBe('a%5Bx%5D=1&b%5Bx%5D=1');
  });
});
