/**
 * The API client: token, JSON, error shape, network failure, and the
 * 401 -> wx.login -> retry-once path.
 */
const { FakeServer, installWx, sessionBody, errorBody, settle, apiBase } = require('./helpers')

let api
let session
let env

const ME = { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: true }
const NOT_LOGGED_IN = { status: 401, body: errorBody('not_logged_in', '请先登录') }

beforeEach(() => {
  jest.resetModules()
  env = installWx(new FakeServer())
  api = require('../miniprogram/utils/api')
  session = require('../miniprogram/utils/session')
})

function authOf(call) {
  return call.header.Authorization
}

test('sends JSON to the configured base URL with the stored bearer token', async () => {
  session.saveSession(sessionBody({ token: 'tok-A' }))
  env.server.on('POST', '/api/v1/me/phone', { status: 200, body: ME })

  const result = await api.changePhone({ phone: '13900139000', sms_code: '123456' })

  expect(result).toEqual(ME)
  const [call] = env.server.calls
  expect(call.url).toBe(`${apiBase()}/api/v1/me/phone`)
  expect(call.method).toBe('POST')
  expect(call.header['Content-Type']).toBe('application/json')
  expect(authOf(call)).toBe('Bearer tok-A')
  expect(call.data).toEqual({ phone: '13900139000', sms_code: '123456' })
})

test('login and register calls carry no Authorization header', async () => {
  session.saveSession(sessionBody({ token: 'tok-A' }))
  env.server.on('POST', '/api/v1/sessions/password', { status: 200, body: sessionBody() })
  await api.loginWithPassword({ login: 'zhangsan', password: 'abc12345' })
  expect(authOf(env.server.calls[0])).toBeUndefined()
})

test('an error answer rejects with {status, code, message, fields} from the server', async () => {
  env.server.on('POST', '/api/v1/accounts', {
    status: 422,
    body: errorBody('invalid', '提交的信息有误', { username: '用户名已被注册' }),
  })
  const err = await api.register({}).catch((e) => e)
  expect(err).toBeInstanceOf(api.ApiError)
  expect(err).toBeInstanceOf(Error)
  expect(err.status).toBe(422)
  expect(err.code).toBe('invalid')
  expect(err.message).toBe('提交的信息有误')
  expect(err.fields).toEqual({ username: '用户名已被注册' })
})

test('an answer that is not the JSON error shape still gives a Chinese message', async () => {
  env.server.on('GET', '/api/v1/batches/current', { status: 502, body: '<html>Bad Gateway</html>' })
  const err = await api.getCurrentBatch().catch((e) => e)
  expect(err.status).toBe(502)
  expect(err.code).toBe('server_error')
  expect(err.message).toBe('服务器繁忙，请稍后重试')
  expect(err.fields).toEqual({})
})

test('a network failure rejects with the Chinese network message', async () => {
  env.server.offline = true
  const err = await api.getCurrentBatch().catch((e) => e)
  expect(err.status).toBe(0)
  expect(err.code).toBe('network_error')
  expect(err.message).toBe('网络连接失败，请检查网络后重试')
})

test('204 resolves with null', async () => {
  env.server.on('POST', '/api/v1/password-resets', { status: 204 })
  await expect(api.resetPassword({ phone: '13800138000', sms_code: '123456', new_password: 'abc12345' })).resolves.toBeNull()
})

test('401 not_logged_in: logs in with wx.login, stores the new token, retries once', async () => {
  session.saveSession(sessionBody({ token: 'old-token' }))
  env.server.on('GET', '/api/v1/me', (call) => (
    authOf(call) === 'Bearer new-token' ? { status: 200, body: ME } : NOT_LOGGED_IN
  ))
  env.server.on('POST', '/api/v1/sessions/wechat', {
    status: 200,
    body: { status: 'logged_in', ...sessionBody({ token: 'new-token' }) },
  })

  await expect(api.getMe()).resolves.toEqual(ME)

  expect(env.wx.login).toHaveBeenCalledTimes(1)
  const wechat = env.server.callsTo('POST', '/api/v1/sessions/wechat')
  expect(wechat).toHaveLength(1)
  expect(wechat[0].data).toEqual({ code: 'wx-login-code' })
  expect(authOf(wechat[0])).toBeUndefined()
  const me = env.server.callsTo('GET', '/api/v1/me')
  expect(me.map(authOf)).toEqual(['Bearer old-token', 'Bearer new-token'])
  expect(session.getToken()).toBe('new-token')
  expect(env.wx.reLaunch).not.toHaveBeenCalled()
})

test('two concurrent 401s share one re-login', async () => {
  session.saveSession(sessionBody({ token: 'old-token' }))
  const answer = (body) => (call) => (authOf(call) === 'Bearer new-token' ? { status: 200, body } : NOT_LOGGED_IN)
  env.server.on('GET', '/api/v1/me', answer(ME))
  env.server.on('GET', '/api/v1/batches/current', answer({ id: 1 }))
  // wx.login answers slowly, so both 401s arrive while the first re-login is in flight.
  env.wx.login.mockImplementation((options) => setTimeout(() => options.success({ code: 'slow-code' }), 20))
  env.server.on('POST', '/api/v1/sessions/wechat', {
    status: 200,
    body: { status: 'logged_in', ...sessionBody({ token: 'new-token' }) },
  })

  const [me, batch] = await Promise.all([api.getMe(), api.getCurrentBatch()])

  expect(me).toEqual(ME)
  expect(batch).toEqual({ id: 1 })
  expect(env.wx.login).toHaveBeenCalledTimes(1)
  expect(env.server.callsTo('POST', '/api/v1/sessions/wechat')).toHaveLength(1)
  expect(env.server.callsTo('GET', '/api/v1/me')).toHaveLength(2)
  expect(env.server.callsTo('GET', '/api/v1/batches/current')).toHaveLength(2)
})

test('a 401 after another request already logged in again just retries', async () => {
  session.saveSession(sessionBody({ token: 'old-token' }))
  env.server.on('GET', '/api/v1/me', (call) => {
    // While this request is on the wire, someone else stores a fresh token.
    if (authOf(call) === 'Bearer old-token') {
      session.saveSession(sessionBody({ token: 'fresh-token' }))
      return NOT_LOGGED_IN
    }
    return { status: 200, body: ME }
  })
  await expect(api.getMe()).resolves.toEqual(ME)
  expect(env.wx.login).not.toHaveBeenCalled()
  expect(env.server.callsTo('GET', '/api/v1/me').map(authOf)).toEqual(['Bearer old-token', 'Bearer fresh-token'])
})

test('no loop when the retried request is refused again', async () => {
  session.saveSession(sessionBody({ token: 'old-token' }))
  env.server.on('GET', '/api/v1/me', NOT_LOGGED_IN)
  env.server.on('POST', '/api/v1/sessions/wechat', {
    status: 200,
    body: { status: 'logged_in', ...sessionBody({ token: 'new-token' }) },
  })

  const err = await api.getMe().catch((e) => e)
  await settle(20)

  expect(err.status).toBe(401)
  expect(err.code).toBe('not_logged_in')
  expect(env.wx.login).toHaveBeenCalledTimes(1)
  expect(env.server.callsTo('GET', '/api/v1/me')).toHaveLength(2)
  expect(env.server.callsTo('POST', '/api/v1/sessions/wechat')).toHaveLength(1)
})

const LOGIN_OVER_THE_PAGE = expect.objectContaining({ url: '/pages/accounts/login/index?back=1' })

test('bind_required: stores the bind ticket and opens the login page over the page stack, never relaunching', async () => {
  session.saveSession(sessionBody({ token: 'old-token' }))
  env.server.on('GET', '/api/v1/me', NOT_LOGGED_IN)
  env.server.on('POST', '/api/v1/sessions/wechat', {
    status: 200,
    body: { status: 'bind_required', bind_ticket: 'ticket-1', bind_ticket_expires_at: '2099-01-01T00:00:00+08:00' },
  })

  const err = await api.getMe().catch((e) => e)

  expect(err.code).toBe('not_logged_in')
  expect(session.getBindTicket()).toBe('ticket-1')
  expect(session.getToken()).toBe('')
  expect(env.wx.navigateTo).toHaveBeenCalledWith(LOGIN_OVER_THE_PAGE)
  expect(env.wx.reLaunch).not.toHaveBeenCalled()
  expect(env.server.callsTo('GET', '/api/v1/me')).toHaveLength(1)
})

test('an expired bind ticket is not used', () => {
  session.setBindTicket('old-ticket', '2000-01-01T00:00:00+08:00')
  expect(session.getBindTicket()).toBe('')
})

test('other errors (403, 401 with another code) do not trigger a re-login', async () => {
  session.saveSession(sessionBody({ token: 'tok' }))
  env.server.on('GET', '/api/v1/me', { status: 403, body: errorBody('forbidden', '无权访问') })
  env.server.on('GET', '/api/v1/batches/current', { status: 401, body: errorBody('locked', '账号已锁定') })
  await expect(api.getMe()).rejects.toMatchObject({ status: 403, code: 'forbidden' })
  await expect(api.getCurrentBatch()).rejects.toMatchObject({ status: 401, code: 'locked' })
  expect(env.wx.login).not.toHaveBeenCalled()
})

test('login calls never re-login on 401', async () => {
  env.server.on('POST', '/api/v1/sessions/password', NOT_LOGGED_IN)
  await expect(api.loginWithPassword({ login: 'a', password: 'b' })).rejects.toMatchObject({ status: 401 })
  expect(env.wx.login).not.toHaveBeenCalled()
})

test('after an explicit logout there is no silent WeChat re-login', async () => {
  session.logout()
  env.server.on('GET', '/api/v1/me', NOT_LOGGED_IN)
  await expect(api.getMe()).rejects.toMatchObject({ status: 401 })
  expect(env.wx.login).not.toHaveBeenCalled()
  expect(env.wx.navigateTo).toHaveBeenCalledWith(LOGIN_OVER_THE_PAGE)
})

test('wx.login failing sends the user to the login page', async () => {
  session.saveSession(sessionBody({ token: 'old-token' }))
  env.server.on('GET', '/api/v1/me', NOT_LOGGED_IN)
  env.wx.login.mockImplementation((options) => setTimeout(() => options.fail({ errMsg: 'login:fail' }), 0))
  await expect(api.getMe()).rejects.toMatchObject({ status: 401 })
  expect(env.server.callsTo('POST', '/api/v1/sessions/wechat')).toHaveLength(0)
  expect(env.wx.navigateTo).toHaveBeenCalledWith(LOGIN_OVER_THE_PAGE)
})

describe('files', () => {
  test('uploadFile: multipart field "file" with {kind}, the token, progress, and the JSON answer', async () => {
    session.saveSession(sessionBody({ token: 'tok-A' }))
    const stored = { id: 9, kind: 'photo', original_name: 'a.jpg', content_type: 'image/jpeg', size: 10 }
    env.server.on('POST', '/api/v1/files', { status: 201, body: stored })
    const progress = []
    const result = await api.uploadFile({ filePath: 'wxfile://tmp/a.jpg', kind: 'photo', onProgress: (p) => progress.push(p) })
    expect(result).toEqual(stored)
    expect(progress).toEqual([50, 100])
    const [options] = env.wx.uploadFile.mock.calls[0]
    expect(options).toMatchObject({
      url: `${apiBase()}/api/v1/files`, name: 'file', filePath: 'wxfile://tmp/a.jpg', formData: { kind: 'photo' },
    })
    expect(options.header.Authorization).toBe('Bearer tok-A')
    expect(options.header['Content-Type']).toBeUndefined() // wx.uploadFile sets the multipart type itself
  })

  test("uploadFile: the server's refusal (a string body) becomes an ApiError with its message", async () => {
    env.server.on('POST', '/api/v1/files', {
      status: 413, body: errorBody('too_large', '文件不能超过10MB', { file: '文件不能超过10MB' }),
    })
    const err = await api.uploadFile({ filePath: 'x', kind: 'commitment_letter' }).catch((e) => e)
    expect(err).toBeInstanceOf(api.ApiError)
    expect(err).toMatchObject({ status: 413, code: 'too_large', message: '文件不能超过10MB', fields: { file: '文件不能超过10MB' } })
  })

  test('uploadFile: a non-JSON refusal still gives a Chinese message', async () => {
    env.server.on('POST', '/api/v1/files', { status: 413 })
    const err = await api.uploadFile({ filePath: 'x', kind: 'photo' }).catch((e) => e)
    expect(err.message).toBe('文件过大，请压缩后重新上传')
  })

  test('uploadFile: 401 → WeChat re-login → the upload is sent again with the new token', async () => {
    session.saveSession(sessionBody({ token: 'old-token' }))
    env.server.on('POST', '/api/v1/files', (call) => (call.header.Authorization === 'Bearer new-token'
      ? { status: 201, body: { id: 1 } }
      : NOT_LOGGED_IN))
    env.server.on('POST', '/api/v1/sessions/wechat', {
      status: 200, body: { status: 'logged_in', ...sessionBody({ token: 'new-token' }) },
    })
    await expect(api.uploadFile({ filePath: 'x', kind: 'photo' })).resolves.toEqual({ id: 1 })
    expect(env.wx.uploadFile).toHaveBeenCalledTimes(2)
  })

  test('uploadFile: a network failure', async () => {
    env.server.offline = true
    await expect(api.uploadFile({ filePath: 'x', kind: 'photo' })).rejects.toMatchObject({ status: 0, message: '上传失败：网络连接中断，请检查网络后重新上传' })
  })

  test('downloads carry the token and resolve with the temporary path; a refusal rejects', async () => {
    session.saveSession(sessionBody({ token: 'tok-A' }))
    env.server.on('GET', '/api/v1/files/7', { status: 200 })
    await expect(api.downloadStoredFile(7)).resolves.toBe('wxfile://tmp/7')
    expect(env.wx.downloadFile.mock.calls[0][0].header.Authorization).toBe('Bearer tok-A')
    env.server.on('GET', '/api/v1/files/8', { status: 403 })
    await expect(api.downloadStoredFile(8)).rejects.toMatchObject({ status: 403, message: '没有权限进行此操作' })
  })

  test('a refused download shows the server\'s message, read from the downloaded body', async () => {
    session.saveSession(sessionBody({ token: 'tok-A' }))
    env.server.on('GET', '/api/v1/applications/current/review-sheet.pdf', {
      status: 404, body: { code: 'not_found', message: '尚未提交资料', fields: {} },
    })
    await expect(api.downloadReviewSheet()).rejects.toMatchObject({ status: 404, code: 'not_found', message: '尚未提交资料' })
  })
})

test('the application endpoints: methods, paths and bodies', async () => {
  const A = '/api/v1/applications/current'
  const routes = [
    [() => api.getApplication(), 'GET', A, undefined],
    [() => api.saveSection('basic', { name: '张三' }), 'PUT', `${A}/basic`, { name: '张三' }],
    [() => api.addCertificate({ name: 'n' }), 'POST', `${A}/certificates`, { name: 'n' }],
    [() => api.updateCertificate(3, { name: 'm' }), 'PUT', `${A}/certificates/3`, { name: 'm' }],
    [() => api.deleteCertificate(3), 'DELETE', `${A}/certificates/3`, undefined],
    [() => api.addAvoidanceUnit({ name: 'u' }), 'POST', `${A}/avoidance-units`, { name: 'u' }],
    [() => api.updateAvoidanceUnit(4, { credit_code_confirmed: true }), 'PUT', `${A}/avoidance-units/4`, { credit_code_confirmed: true }],
    [() => api.deleteAvoidanceUnit(4), 'DELETE', `${A}/avoidance-units/4`, undefined],
    [() => api.renewalPrefill(), 'POST', `${A}/renewal-prefill`, undefined],
    [() => api.getProblems(), 'GET', `${A}/problems`, undefined],
    [() => api.submitApplication(), 'POST', `${A}/submit`, undefined],
    [() => api.checkSpecialties({ primary: ['A04'] }), 'POST', `${A}/specialties/check`, { primary: ['A04'], alternate: [] }],
    [() => api.createDesktopUploadCode('commitment_letter'), 'POST', `${A}/desktop-upload-codes`, { slot: 'commitment_letter' }],
    [() => api.getReviewSheet(), 'GET', `${A}/review-sheet`, undefined],
    [() => api.submitForReview(103), 'POST', `${A}/submit-for-review`, { signed_sheet_file_id: 103 }],
    [() => api.withdrawApplication(), 'POST', `${A}/withdraw`, undefined],
    [() => api.getSpecialtyCatalog(), 'GET', '/api/v1/reference/specialties', undefined],
    [() => api.getOptions(), 'GET', '/api/v1/reference/options', undefined],
  ]
  for (const [, method, path] of routes) env.server.on(method, path, { status: 200, body: {} })
  for (const [call] of routes) await call() // eslint-disable-line no-await-in-loop
  expect(env.server.calls.map((c) => [c.method, c.path, c.data])).toEqual(routes.map(([, m, p, d]) => [m, p, d]))
})

describe('the strict wx stand-in refuses what a phone would not do', () => {
  const ok = { success: () => {}, fail: () => {} }

  test('wx.request refuses a method it does not offer', () => {
    const method = 'patch'.toUpperCase()
    expect(() => env.wx.request({ url: `${apiBase()}/api/v1/me`, method, ...ok }))
      .toThrow(`wx.request does not offer the method ${method}`)
    env.wx.__violations = []
  })

  test.each(['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'])('wx.request takes %s', (method) => {
    expect(() => env.wx.request({ url: `${apiBase()}/api/v1/me`, method, ...ok })).not.toThrow()
  })

  test('wx.request, wx.uploadFile and wx.downloadFile refuse an undocumented option or a missing fail', () => {
    const url = `${apiBase()}/api/v1/files`
    expect(() => env.wx.request({ url, body: '{}', ...ok })).toThrow('the option "body" is not documented')
    expect(() => env.wx.uploadFile({ url, filePath: 'x', name: 'file', success: () => {} })).toThrow('called without fail')
    expect(() => env.wx.downloadFile({ url, responseType: 'arraybuffer', ...ok })).toThrow('"responseType" is not documented')
    expect(() => env.wx.chooseMessageFile({ count: 1, success: () => {} })).toThrow('called without fail')
    env.wx.__violations = []
  })

  test('every method the client uses is one wx.request offers', () => {
    const source = require('fs').readFileSync(require('path').join(__dirname, '..', 'miniprogram', 'utils', 'api.js'), 'utf8') // eslint-disable-line global-require
    const used = [...source.matchAll(/request\('([A-Z]+)'/g)].map((m) => m[1])
    expect(used.length).toBeGreaterThan(20)
    used.forEach((m) => expect(['GET', 'POST', 'PUT', 'DELETE']).toContain(m))
  })
})

describe('the base URL follows the running version', () => {
  test.each(['develop', 'trial', 'release'])('%s: the client calls the configured address of that version', async (version) => {
    const config = require('../miniprogram/config') // eslint-disable-line global-require
    env.wx.__envVersion = version
    const calls = []
    env.server.request = (options) => { calls.push(options.url); options.success({ statusCode: 200, data: ME }) }
    await api.getMe()
    expect(calls[0]).toBe(`${config.API_BASE_URLS[version]}/api/v1/me`)
  })

  test('trial and release talk https (a request 合法域名 must be https)', () => {
    const { API_BASE_URLS } = require('../miniprogram/config') // eslint-disable-line global-require
    expect(API_BASE_URLS.trial).toMatch(/^https:\/\//)
    expect(API_BASE_URLS.release).toMatch(/^https:\/\//)
  })

  test('an unknown or missing version falls back to develop', () => {
    const config = require('../miniprogram/config') // eslint-disable-line global-require
    env.wx.__envVersion = 'gray'
    expect(config.envVersion()).toBe('develop')
    env.wx.getAccountInfoSync = () => { throw new Error('not supported') }
    expect(config.envVersion()).toBe('develop')
  })
})
