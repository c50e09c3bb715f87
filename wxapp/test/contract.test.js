/**
 * Contract test: the bodies the pages send are validated against the
 * server's OpenAPI document (env OPENAPI_JSON, default ../build/openapi.json,
 * made by `make openapi`). The operation must exist (path + method) and the
 * body must validate against its requestBody schema, $refs resolved.
 * The response fixtures the page tests use are checked against the
 * documented response schemas too, where the document has one.
 */
const {
  FakeServer, loadPage, type, tap, settle, sessionBody,
} = require('./helpers')
const openapi = require('./openapi')

const doc = openapi.loadDocument()

const ACCOUNT = { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: false }
const FIXTURES = {
  session: sessionBody(),
  account: ACCOUNT,
  smsSent: { retry_after: 60, expires_in: 300 },
  wechatLoggedIn: { status: 'logged_in', ...sessionBody() },
  wechatBind: { status: 'bind_required', bind_ticket: 'bt-1', bind_ticket_expires_at: '2099-01-01T00:00:00+08:00' },
  batch: {
    id: 1,
    name: '2024年全区第二批评标专家选聘',
    registration_opens_at: '2024-11-15T10:30:00+08:00',
    registration_closes_at: '2024-12-02T18:30:00+08:00',
    review_closes_at: '2024-12-03T18:30:00+08:00',
    payment_opens_at: '2024-11-20T10:30:00+08:00',
    payment_closes_at: '2024-12-04T18:30:00+08:00',
    fee_yuan: 350,
    phase: 'registration',
    phase_label: '网上报名',
  },
}

/** A server that answers every operation the pages use with a success. */
function happyServer(bindRequired = false) {
  return new FakeServer()
    .on('POST', '/api/v1/sms-codes', { status: 202, body: FIXTURES.smsSent })
    .on('POST', '/api/v1/accounts', { status: 201, body: FIXTURES.session })
    .on('POST', '/api/v1/sessions/password', { status: 200, body: FIXTURES.session })
    .on('POST', '/api/v1/sessions/sms', { status: 200, body: FIXTURES.session })
    .on('POST', '/api/v1/sessions/wechat', { status: 200, body: bindRequired ? FIXTURES.wechatBind : FIXTURES.wechatLoggedIn })
    .on('POST', '/api/v1/me/password', { status: 200, body: FIXTURES.session })
    .on('POST', '/api/v1/me/phone', { status: 200, body: FIXTURES.account })
    .on('POST', '/api/v1/password-resets', { status: 204 })
}

async function fill(comp, values) {
  for (const [field, value] of Object.entries(values)) {
    await type(comp, `#${field}`, value) // eslint-disable-line no-await-in-loop
  }
}

const LOGGED_IN = { auth_token: 'tok', auth_account: ACCOUNT }
const WITH_TICKET = { wechat_bind_ticket: { ticket: 'bt-1', expiresAt: '' } }

/** Each scenario drives one page with valid input; returns the calls it made. */
const SCENARIOS = {
  async 'login: password'(storage = {}) {
    const { comp, server } = loadPage('pages/accounts/login/index', { server: happyServer(), storage })
    await fill(comp, { login: 'zhangsan', password: 'abc12345' })
    await tap(comp, '#submit-password')
    await settle()
    return server.calls
  },
  async 'login: password with bind ticket'() {
    return SCENARIOS['login: password'](WITH_TICKET)
  },
  async 'login: sms (code + login)'(storage = {}) {
    const { comp, server } = loadPage('pages/accounts/login/index', { server: happyServer(), storage })
    await tap(comp, '#tab-sms')
    await fill(comp, { phone: '13800138000' })
    await tap(comp, '#send-sms')
    await fill(comp, { sms_code: '123456' })
    await tap(comp, '#submit-sms')
    await settle()
    comp.detach()
    return server.calls
  },
  async 'login: sms with bind ticket'() {
    return SCENARIOS['login: sms (code + login)'](WITH_TICKET)
  },
  async 'login: wechat'() {
    const { comp, server } = loadPage('pages/accounts/login/index', { server: happyServer(true) })
    await tap(comp, '#tab-wechat')
    await tap(comp, '#submit-wechat')
    await settle()
    return server.calls
  },
  async 'register'(storage = {}) {
    const { comp, server } = loadPage('pages/accounts/register/index', { server: happyServer(), storage })
    await fill(comp, { phone: '13800138000' })
    await tap(comp, '#send-sms')
    await fill(comp, {
      username: 'zhangsan_01', password: 'abc12345', confirm_password: 'abc12345', sms_code: '123456',
    })
    await tap(comp, '#submit')
    await settle()
    comp.detach()
    return server.calls
  },
  async 'register with bind ticket'() {
    return SCENARIOS.register(WITH_TICKET)
  },
  async 'forgot password'() {
    const { comp, server } = loadPage('pages/accounts/forgot-password/index', { server: happyServer() })
    await fill(comp, { phone: '13800138000' })
    await tap(comp, '#send-sms')
    await fill(comp, { sms_code: '123456', new_password: 'newpass99', confirm_password: 'newpass99' })
    await tap(comp, '#submit')
    await settle()
    comp.detach()
    return server.calls
  },
  async 'change password'() {
    const { comp, server } = loadPage('pages/profile/change-password/index', { server: happyServer(), storage: LOGGED_IN })
    await fill(comp, { old_password: 'abc12345', new_password: 'xyz98765', confirm_password: 'xyz98765' })
    await tap(comp, '#submit')
    await settle()
    return server.calls
  },
  async 'change phone'() {
    const { comp, server } = loadPage('pages/profile/change-phone/index', { server: happyServer(), storage: LOGGED_IN })
    await fill(comp, { phone: '13900139000' })
    await tap(comp, '#send-sms')
    await fill(comp, { sms_code: '123456' })
    await tap(comp, '#submit')
    await settle()
    comp.detach()
    return server.calls
  },
}

/** Which operations each scenario must have called. */
const EXPECTED = {
  'login: password': ['POST /api/v1/sessions/password'],
  'login: password with bind ticket': ['POST /api/v1/sessions/password'],
  'login: sms (code + login)': ['POST /api/v1/sms-codes', 'POST /api/v1/sessions/sms'],
  'login: sms with bind ticket': ['POST /api/v1/sms-codes', 'POST /api/v1/sessions/sms'],
  'login: wechat': ['POST /api/v1/sessions/wechat'],
  register: ['POST /api/v1/sms-codes', 'POST /api/v1/accounts'],
  'register with bind ticket': ['POST /api/v1/sms-codes', 'POST /api/v1/accounts'],
  'forgot password': ['POST /api/v1/sms-codes', 'POST /api/v1/password-resets'],
  'change password': ['POST /api/v1/me/password'],
  'change phone': ['POST /api/v1/sms-codes', 'POST /api/v1/me/phone'],
}

test(`the OpenAPI document is read from ${openapi.openapiPath()}`, () => {
  expect(doc.openapi).toMatch(/^3\./)
})

test.each(Object.keys(SCENARIOS))('%s: every body sent validates against the OpenAPI requestBody', async (name) => {
  const calls = await SCENARIOS[name]()
  expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(EXPECTED[name])
  for (const call of calls) {
    const validate = openapi.requestValidator(doc, call.method, call.path)
    const ok = validate(call.data)
    if (!ok) {
      throw new Error(`${call.method} ${call.path} body ${JSON.stringify(call.data)} does not validate: ${openapi.describeErrors(validate)}`)
    }
  }
  if (name.includes('bind ticket')) {
    expect(calls[calls.length - 1].data.bind_ticket).toBe('bt-1')
  }
})

test.each([
  ['DELETE', '/api/v1/sessions/current'],
  ['GET', '/api/v1/me'],
  ['GET', '/api/v1/batches/current'],
])('the document has the bodiless operation %s %s', (method, urlPath) => {
  expect(() => openapi.findOperation(doc, method, urlPath)).not.toThrow()
})

test.each([
  ['POST', '/api/v1/sms-codes', 202, 'smsSent'],
  ['POST', '/api/v1/accounts', 201, 'session'],
  ['POST', '/api/v1/sessions/password', 200, 'session'],
  ['POST', '/api/v1/sessions/sms', 200, 'session'],
  ['POST', '/api/v1/sessions/wechat', 200, 'wechatLoggedIn'],
  ['POST', '/api/v1/sessions/wechat', 200, 'wechatBind'],
  ['GET', '/api/v1/me', 200, 'account'],
  ['POST', '/api/v1/me/password', 200, 'session'],
  ['POST', '/api/v1/me/phone', 200, 'account'],
  ['GET', '/api/v1/batches/current', 200, 'batch'],
])('the %s %s %i fixture matches the documented response', (method, urlPath, status, fixture) => {
  const validate = openapi.responseValidator(doc, method, urlPath, status)
  if (!validate) return // the document has no JSON schema for this answer
  const ok = validate(FIXTURES[fixture])
  if (!ok) throw new Error(`${fixture} does not validate: ${openapi.describeErrors(validate)}`)
})

describe('the checker itself', () => {
  test('a missing operation fails', () => {
    expect(() => openapi.requestValidator(doc, 'POST', '/api/v1/no-such-thing')).toThrow(/no operation/)
  })

  test('a wrong body fails', () => {
    const validate = openapi.requestValidator(doc, 'POST', '/api/v1/sessions/sms')
    expect(validate({ phone: '13800138000', code: '123456' })).toBe(false)
  })
})
