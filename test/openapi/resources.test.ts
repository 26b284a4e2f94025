import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { placeOperations } from '../../generator/frontends/openapi/resources.js';
import type { OperationFacts, Placement } from '../../generator/frontends/openapi/resources.js';
import { compileSpec } from '../../generator/generate.js';
import { qualifiedName } from '../../generator/model/types.js';
import type { HttpMethod, MethodModel } from '../../generator/model/types.js';
import { ROOT } from '../generator/helpers.js';
import { REAL_DOCUMENTS } from './real-clients.js';
import type { RealApi } from './real-clients.js';

/** An operation's facts with nothing but what the case is about. */
function op(route: string, more: Partial<OperationFacts> = {}): OperationFacts {
  const [httpMethod, pathKey] = route.split(' ') as [HttpMethod, string];
  return { httpMethod, pathKey, operationId: undefined, tags: [], extensions: {}, lists: false, ...more };
}

/** `resource.name` of each operation, placed together. */
function placed(operations: readonly OperationFacts[]): string[] {
  return placeOperations(operations).map((placement) => [...placement.resource, placement.name].join('.'));
}

function one(operation: OperationFacts, others: readonly OperationFacts[] = []): Placement {
  return placeOperations([operation, ...others])[0]!;
}

describe('rule 1: x-speakeasy-group and x-speakeasy-name-override', () => {
  const get = op('GET /v1/things', { operationId: 'listThings', tags: ['stuff'] });

  it('both: the group, dots nesting, and the name', () => {
    const extensions = { 'x-speakeasy-group': 'billing.invoices', 'x-speakeasy-name-override': 'list_all' };
    expect(one({ ...get, extensions })).toEqual({ resource: ['billing', 'invoices'], name: 'listAll', by: 'x-speakeasy' });
  });

  it('the group alone takes the later rules\' name; the name alone their group', () => {
    expect(one({ ...get, tags: [], extensions: { 'x-speakeasy-group': 'billing' } }, [op('GET /v1/things/{id}')])).toEqual({ resource: ['billing'], name: 'list', by: 'x-speakeasy' });
    expect(one({ ...get, extensions: { 'x-speakeasy-name-override': 'all' } })).toEqual({ resource: ['stuff'], name: 'all', by: 'x-speakeasy' });
  });

  it('of a list of groups the first, with a warning', () => {
    expect(one({ ...get, extensions: { 'x-speakeasy-group': ['a.b', 'c'] } })).toEqual({
      resource: ['a', 'b'],
      name: 'listThings',
      by: 'x-speakeasy',
      ignored: 'x-speakeasy-group lists 2 groups; the method is placed under the first only, as one client has one place for it',
    });
  });

  it('a value it cannot use is passed over and said', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ 'x-speakeasy-group': 7 }, 'x-speakeasy-group is a number, so it is not used'],
      [{ 'x-speakeasy-group': '  ' }, 'x-speakeasy-group is empty, so it is not used'],
      [{ 'x-speakeasy-group': 'a..b' }, 'x-speakeasy-group has a part that is empty, so it is not used'],
      [{ 'x-speakeasy-group': [true] }, 'x-speakeasy-group holds a boolean, so it is not used'],
      [{ 'x-speakeasy-group': [] }, 'x-speakeasy-group is empty, so it is not used'],
      [{ 'x-speakeasy-name-override': null }, 'x-speakeasy-name-override is null, so it is not used'],
      [{ 'x-speakeasy-name-override': '!!' }, 'x-speakeasy-name-override has no letters or digits, so it is not used'],
    ];
    for (const [extensions, ignored] of cases) {
      expect(one({ ...get, extensions })).toEqual({ resource: ['stuff'], name: 'listThings', by: 'tag', ignored });
    }
    expect(one({ ...get, extensions: { 'x-speakeasy-group': {}, 'x-fern-sdk-method-name': 3 } }).ignored).toBe('x-speakeasy-group is an object, so it is not used; x-fern-sdk-method-name is a number, so it is not used');
  });
});

describe('rule 2: x-fern-sdk-group-name and x-fern-sdk-method-name', () => {
  const post = op('POST /users/notifications', { operationId: 'users_notify', tags: ['users'] });

  it('both: a list nests, a string is one level', () => {
    expect(one({ ...post, extensions: { 'x-fern-sdk-group-name': ['users', 'notifications'], 'x-fern-sdk-method-name': 'send' } })).toEqual({ resource: ['users', 'notifications'], name: 'send', by: 'x-fern' });
    expect(one({ ...post, extensions: { 'x-fern-sdk-group-name': 'user-notifications', 'x-fern-sdk-method-name': 'send' } })).toEqual({ resource: ['userNotifications'], name: 'send', by: 'x-fern' });
  });

  it('the group alone takes the later rules\' name; the name alone goes on the class, as Fern documents', () => {
    expect(one({ ...post, extensions: { 'x-fern-sdk-group-name': 'people' } })).toEqual({ resource: ['people'], name: 'notify', by: 'x-fern' });
    expect(one({ ...post, extensions: { 'x-fern-sdk-method-name': 'send' } })).toEqual({ resource: [], name: 'send', by: 'x-fern' });
  });

  it('Speakeasy\'s come first; a list with a non-string in it is not used', () => {
    const both = { 'x-speakeasy-group': 'a', 'x-speakeasy-name-override': 'b', 'x-fern-sdk-group-name': 'c', 'x-fern-sdk-method-name': 'd' };
    expect(one({ ...post, extensions: both })).toEqual({ resource: ['a'], name: 'b', by: 'x-speakeasy' });
    expect(one({ ...post, extensions: { 'x-fern-sdk-group-name': ['users', 2] } })).toEqual({ resource: ['users'], name: 'notify', by: 'tag', ignored: 'x-fern-sdk-group-name holds a number, so it is not used' });
    expect(one({ ...post, extensions: { 'x-fern-sdk-group-name': [] } }).ignored).toBe('x-fern-sdk-group-name is empty, so it is not used');
  });
});

describe('rule 4: namespace/name operationIds', () => {
  it('all parts but the last are resources', () => {
    expect(one(op('GET /repos/{owner}/{repo}/contents/{path}', { operationId: 'repos/get-content', tags: ['repos'] }))).toEqual({ resource: ['repos'], name: 'getContent', by: 'operationId' });
    expect(one(op('GET /x', { operationId: 'admin/apps/list_all' }))).toEqual({ resource: ['admin', 'apps'], name: 'listAll', by: 'operationId' });
  });

  it('a slash with nothing on one side is no namespace', () => {
    expect(one(op('GET /x', { operationId: '/listX', tags: ['t'] }))).toEqual({ resource: ['t'], name: 'listX', by: 'tag' });
  });
});

describe('rule 5: the first tag', () => {
  it('its words come off the front of the operationId (Slack)', () => {
    expect(one(op('POST /chat.postMessage', { operationId: 'chat_postMessage', tags: ['chat'] }))).toEqual({ resource: ['chat'], name: 'postMessage', by: 'tag' });
    expect(one(op('POST /admin.apps.approve', { operationId: 'admin_apps_approve', tags: ['admin.apps', 'admin'] }))).toEqual({ resource: ['admin', 'apps'], name: 'approve', by: 'tag' });
    expect(one(op('GET /users', { operationId: 'Users-List', tags: ['users'] })).name).toBe('list');
  });

  it('a camelCase hump is a word break too (Apideck), and a word must match whole', () => {
    expect(one(op('POST /accounting/credit-notes', { operationId: 'creditNotesAdd', tags: ['Credit Notes'] }))).toEqual({ resource: ['creditNotes'], name: 'add', by: 'tag' });
    expect(one(op('GET /chat', { operationId: 'chatterList', tags: ['chat'] })).name).toBe('chatterList');
    expect(one(op('GET /keys', { operationId: 'APIKeysList', tags: ['API Keys'] })).name).toBe('list');
  });

  it('the whole operationId where it does not start with them, or is nothing else', () => {
    expect(one(op('GET /pets', { operationId: 'listPets', tags: ['Pets'] }))).toEqual({ resource: ['pets'], name: 'listPets', by: 'tag' });
    expect(one(op('GET /search', { operationId: 'search', tags: ['search'] })).name).toBe('search');
  });

  it('the first tag that is a non-empty string', () => {
    expect(one(op('GET /pets', { operationId: 'listPets', tags: [3, ' ', 'pet store'] })).resource).toEqual(['petStore']);
  });

  it('without an operationId, the path rule\'s verb', () => {
    expect(placed([op('GET /pets', { tags: ['animals'] }), op('GET /pets/{id}', { tags: ['animals'] })])).toEqual(['animals.list', 'animals.retrieve']);
  });
});

describe('rule 6: the path', () => {
  const customers = [
    op('GET /v1/customers'),
    op('POST /v1/customers'),
    op('GET /v1/customers/{customer}'),
    op('POST /v1/customers/{customer}'),
    op('DELETE /v1/customers/{customer}'),
  ];

  it('an item and a collection: stripe-node\'s verbs', () => {
    expect(placed(customers)).toEqual(['customers.list', 'customers.create', 'customers.retrieve', 'customers.update', 'customers.del']);
    expect(placed([op('PUT /things'), op('PATCH /things'), op('DELETE /things'), op('GET /things/{id}')])).toEqual(['things.replace', 'things.update', 'things.del', 'things.retrieve']);
    expect(placed([op('PUT /a/{id}'), op('PATCH /a/{id}'), op('POST /a/{id}')])).toEqual(['a.replace', 'a.update', 'a.create']);
  });

  it('versions and the API name in front are not resources; file extensions go', () => {
    expect(placed([op('GET /api/v2.1/widgets/{id}'), op('GET /rest/v1beta1/gadgets/{id}'), op('GET /2010-04-01/Accounts.json'), op('GET /2010-04-01/Accounts/{Sid}.json')])).toEqual([
      'widgets.retrieve',
      'gadgets.retrieve',
      'accounts.list',
      'accounts.retrieve',
    ]);
  });

  it('a nested resource: an item of the one before it, placeholder names aside', () => {
    expect(placed([op('GET /v1/customers/{customer}/sources'), op('POST /v1/customers/{customer}/sources'), op('GET /v1/customers/{c}/sources/{id}'), op('DELETE /v1/customers/{customer}/sources/{id}')])).toEqual([
      'customers.sources.list',
      'customers.sources.create',
      'customers.sources.retrieve',
      'customers.sources.del',
    ]);
  });

  it('an action after an item or after a collection is named by its segment', () => {
    expect(placed([...customers, op('GET /v1/customers/search'), op('POST /v1/customers/{customer}/sources/{id}/verify')]).slice(5)).toEqual(['customers.search', 'customers.sources.verify']);
    // After an item further back, static segments between.
    expect(placed([op('POST /v1/test_helpers/issuing/cards/{card}/shipping/deliver')])).toEqual(['testHelpers.issuing.cards.shipping.deliver']);
  });

  it('an action after a path with operations of its own, and after another action', () => {
    expect(placed([op('GET /v1/apps/secrets'), op('GET /v1/apps/secrets/find')])).toEqual(['apps.secrets.retrieve', 'apps.secrets.find']);
    expect(placed([...customers, op('GET /v1/customers/preview'), op('GET /v1/customers/preview/lines')]).slice(5)).toEqual(['customers.preview', 'customers.previewLines']);
  });

  it('an action path with several operations puts each one\'s word in front; a lone DELETE too', () => {
    expect(placed([op('GET /v1/customers/{customer}/cash_balance'), op('POST /v1/customers/{customer}/cash_balance'), op('HEAD /v1/customers/{customer}/cash_balance')])).toEqual([
      'customers.retrieveCashBalance',
      'customers.updateCashBalance',
      'customers.headCashBalance',
    ]);
    expect(placed([op('DELETE /v1/subscriptions/{id}/discount')])).toEqual(['subscriptions.deleteDiscount']);
    expect(placed([op('PUT /v1/doors/{id}/lock'), op('DELETE /v1/doors/{id}/lock')])).toEqual(['doors.updateLock', 'doors.deleteLock']);
  });

  it('a singleton: retrieve and update with a GET, create without', () => {
    expect(placed([op('GET /v1/tax/settings'), op('POST /v1/tax/settings'), op('GET /v1/tax/registrations'), op('GET /v1/tax/registrations/{id}')]).slice(0, 2)).toEqual(['tax.settings.retrieve', 'tax.settings.update']);
    expect(placed([op('GET /v1/balance'), op('GET /v1/balance/history'), op('GET /v1/balance/history/{id}')])).toEqual(['balance.retrieve', 'balance.history.list', 'balance.history.retrieve']);
    expect(placed([op('POST /v1/account_links'), op('DELETE /v1/session')])).toEqual(['accountLinks.create', 'session.del']);
  });

  it('a collection without an item path where its GET reads a list', () => {
    const secrets = [op('GET /v1/apps/secrets', { lists: true }), op('POST /v1/apps/secrets'), op('GET /v1/apps/secrets/find')];
    expect(placed(secrets)).toEqual(['apps.secrets.list', 'apps.secrets.create', 'apps.secrets.find']);
    // An action that reads a list stays an action.
    expect(placed([op('GET /v1/customers', { lists: true }), op('GET /v1/customers/{id}'), op('GET /v1/customers/search', { lists: true })])).toEqual(['customers.list', 'customers.retrieve', 'customers.search']);
    // Without a list, the same paths are a singleton.
    expect(placed([op('GET /v1/apps/secrets'), op('POST /v1/apps/secrets')])).toEqual(['apps.secrets.retrieve', 'apps.secrets.update']);
  });

  it('HEAD and OPTIONS on the resource', () => {
    expect(placed([op('HEAD /files/{id}'), op('OPTIONS /files'), op('GET /files/{id}')])).toEqual(['files.head', 'files.options', 'files.retrieve']);
  });

  it('a query written into the path key ends the name', () => {
    expect(placed([op('POST /responses'), op('POST /responses?beta=true'), op('GET /responses/{id}')])).toEqual(['responses.create', 'responses.createBetaTrue', 'responses.retrieve']);
  });
});

describe('rule 7: no resource in the path', () => {
  it('on the class, named by the operationId or as a singleton', () => {
    expect(one(op('GET /', { operationId: 'get_root' }))).toEqual({ resource: [], name: 'getRoot', by: 'operationId' });
    expect(placeOperations([op('GET /v1'), op('POST /')])).toEqual([
      { resource: [], name: 'retrieve', by: 'path' },
      { resource: [], name: 'update', by: 'path' },
    ]);
  });
});

it('placements do not depend on the order of the operations', () => {
  const operations = [op('GET /a'), op('GET /a/{id}'), op('POST /a/{id}/go'), op('GET /b'), op('POST /b'), op('GET /b/x')];
  expect(placed([...operations].reverse())).toEqual(placed(operations).reverse());
});

// ---- real documents, unmodified, through the front end and the model checks, as users get them ----

interface Surface {
  /** `METHOD /route` to `resource.name`. */
  readonly byRoute: Map<string, string>;
  /** Every method's full name. */
  readonly names: string[];
  /** `resource.name`s more than one operation landed on. */
  readonly duplicates: string[];
  /** Methods the model checks had to rename for a clash. */
  readonly renamed: string[];
}

const surfaces = new Map<RealApi, Surface>();

function surface(api: RealApi): Surface {
  const known = surfaces.get(api);
  if (known !== undefined) return known;
  const file = REAL_DOCUMENTS[api];
  const { model, diagnostics } = compileSpec(readFileSync(file, 'utf8'), file);
  if (model === undefined) throw new Error(`${api} did not compile`);
  const route = (method: MethodModel): string => `${method.httpMethod} ${method.path.map((part) => (part.kind === 'text' ? part.text : `{${part.wireName}}`)).join('')}`;
  const names = model.methods.map(qualifiedName);
  const byRoute = new Map(model.methods.map((method) => [route(method), qualifiedName(method)]));
  const duplicates = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  const renamed = diagnostics.filter((item) => item.code === 'renamedDuplicate' && item.message.includes('method name')).map((item) => item.message);
  const result = { byRoute, names, duplicates, renamed };
  surfaces.set(api, result);
  return result;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

describe('real documents', () => {
  it.each(Object.keys(REAL_DOCUMENTS) as RealApi[])('%s: every resource and method name is an identifier; none renamed for a clash, no two alike', (api) => {
    const { names, duplicates, renamed } = surface(api);
    expect(names.filter((name) => !name.split('.').every((part) => IDENTIFIER.test(part)))).toEqual([]);
    expect(renamed).toEqual([]);
    expect(duplicates).toEqual([]);
  });

  it('GitHub: Octokit\'s own resource.name for at least 95% of the routes Octokit has', async () => {
    const file = join(ROOT, 'node_modules/@octokit/plugin-rest-endpoint-methods/dist-src/generated/endpoints.js');
    const endpoints = ((await import(pathToFileURL(file).href)) as { default: Record<string, Record<string, readonly [string, ...unknown[]]>> }).default;
    const octokit = new Map<string, string[]>();
    for (const [scope, methods] of Object.entries(endpoints)) {
      for (const [name, [route]] of Object.entries(methods)) octokit.set(route, [...(octokit.get(route) ?? []), `${scope}.${name}`]);
    }
    const { byRoute } = surface('github');
    const shared = [...byRoute].filter(([route]) => octokit.has(route));
    const differ = shared.filter(([route, ours]) => !octokit.get(route)!.includes(ours)).map(([route, ours]) => `${route}: ${ours}, Octokit ${octokit.get(route)!.join(' or ')}`);
    const matched = (shared.length - differ.length) / shared.length;
    // The document is newer than the plugin's map: routes the map lacks are left out of the share.
    expect(shared.length, `${byRoute.size - shared.length} of ${byRoute.size} routes are not in Octokit's map`).toBeGreaterThan(byRoute.size * 0.75);
    expect(matched, `differs from Octokit:\n${differ.join('\n')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('Stripe: stripe-node\'s words, nested resources, no two operations on one name', () => {
    const { byRoute, duplicates } = surface('stripe');
    const expected: Record<string, string> = {
      'GET /v1/customers': 'customers.list',
      'POST /v1/customers': 'customers.create',
      'GET /v1/customers/{customer}': 'customers.retrieve',
      'POST /v1/customers/{customer}': 'customers.update',
      'DELETE /v1/customers/{customer}': 'customers.del',
      'GET /v1/customers/search': 'customers.search',
      'GET /v1/customers/{customer}/sources': 'customers.sources.list',
      'POST /v1/customers/{customer}/sources': 'customers.sources.create',
      'GET /v1/customers/{customer}/sources/{id}': 'customers.sources.retrieve',
      'DELETE /v1/customers/{customer}/sources/{id}': 'customers.sources.del',
      'POST /v1/customers/{customer}/sources/{id}/verify': 'customers.sources.verify',
      'GET /v1/customers/{customer}/cash_balance': 'customers.retrieveCashBalance',
      'DELETE /v1/customers/{customer}/discount': 'customers.deleteDiscount',
      'GET /v1/accounts/{account}/people': 'accounts.people.list',
      'POST /v1/accounts/{account}/people/{person}': 'accounts.people.update',
      // The pinned document predates /v1/tax/settings (the synthetic case above has it): its singletons.
      'GET /v1/account': 'account.retrieve',
      'GET /v1/balance': 'balance.retrieve',
      'POST /v1/account_links': 'accountLinks.create',
      'POST /v1/payment_intents/{intent}/capture': 'paymentIntents.capture',
      'GET /v1/checkout/sessions/{session}/line_items': 'checkout.sessions.lineItems',
      // No item path, but its GET pages a list.
      'GET /v1/apps/secrets': 'apps.secrets.list',
      'POST /v1/apps/secrets': 'apps.secrets.create',
    };
    expect(Object.fromEntries(Object.keys(expected).map((route) => [route, byRoute.get(route)]))).toEqual(expected);
    expect(duplicates).toEqual([]);
  });

  it('Slack: every method is Slack\'s own Web API name, which is its path', () => {
    const { byRoute, duplicates } = surface('slack');
    expect(byRoute.get('POST /chat.postMessage')).toBe('chat.postMessage');
    expect(byRoute.get('POST /admin.apps.approve')).toBe('admin.apps.approve');
    expect(byRoute.get('GET /conversations.list')).toBe('conversations.list');
    expect([...byRoute].filter(([route, name]) => route.split(' /')[1] !== name)).toEqual([]);
    expect(duplicates).toEqual([]);
  });

  it.each(['openai', 'twilio'] as const)('%s: no two operations on one name', (api) => {
    expect(surface(api).duplicates).toEqual([]);
  });
});
