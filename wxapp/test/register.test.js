/** The register page. */
const {
  FakeServer, loadPage, type, tap, textOf, settle, sessionBody, errorBody,
} = require('./helpers')

const PAGE = 'pages/accounts/register/index'
const LEGAL = {
  documents: [{ key: 'user-agreement', title: '用户协议', version: '2024-11-01' },
    { key: 'privacy-policy', title: '隐私政策', version: '2024-11-01' }],
  contacts: [],
}
const AGREED = { 'user-agreement': '2024-11-01', 'privacy-policy': '2024-11-01' }

function open(options = {}) {
  const server = (options.server || new FakeServer()).on('GET', '/api/v1/legal', { status: 200, body: LEGAL })
  const env = loadPage(PAGE, { ...options, server })
  env.comp.instance.onLoad({})
  return env
}

/** Type every value, and tick the consent (unless agree: false). */
async function fill(comp, values, { agree = true } = {}) {
  for (const [field, value] of Object.entries(values)) {
    await type(comp, `#${field}`, value) // eslint-disable-line no-await-in-loop
  }
  if (agree) await tap(comp, '#agree')
}

const VALID = {
  username: 'zhangsan_01',
  password: 'abc12345',
  confirm_password: 'abc12345',
  phone: '13800138000',
  sms_code: '123456',
}

test('renders the five inputs, the code button and the submit button', async () => {
  const { comp } = open()
  await settle()
  for (const id of ['username', 'password', 'confirm_password', 'phone', 'sms_code']) {
    expect(comp.querySelector(`#${id}`)).toBeTruthy()
  }
  expect(textOf(comp, '#send-sms')).toBe('获取验证码')
  expect(textOf(comp, '#submit')).toBe('注册')
  expect(comp.querySelector('#bind-notice')).toBeFalsy()
})

test('an empty form shows the required messages under each field', async () => {
  const { comp, server } = open()
  await tap(comp, '#submit')
  expect(textOf(comp, '#error-username')).toBe('请填写用户名')
  expect(textOf(comp, '#error-password')).toBe('请填写密码')
  expect(textOf(comp, '#error-phone')).toBe('请填写手机号')
  expect(textOf(comp, '#error-sms_code')).toBe('请填写验证码')
  expect(textOf(comp, '#error-confirm_password')).toBe('')
  expect(textOf(comp, '#error-agreed')).toBe('请先阅读并勾选同意《用户协议》和《隐私政策》')
  expect(server.calls).toHaveLength(0)
})

test('bad values show the format messages', async () => {
  const { comp, server } = open()
  await fill(comp, {
    username: '1abc',
    password: 'abcdefgh',
    confirm_password: 'abcdefgX',
    phone: '12800138000',
    sms_code: '12345',
  })
  await tap(comp, '#submit')
  expect(textOf(comp, '#error-username')).toBe('用户名须为4-20位字母、数字或下划线，且以字母开头')
  expect(textOf(comp, '#error-password')).toBe('密码至少8位，且须同时包含字母和数字')
  expect(textOf(comp, '#error-confirm_password')).toBe('两次输入的密码不一致')
  expect(textOf(comp, '#error-phone')).toBe('请输入正确的11位手机号')
  expect(textOf(comp, '#error-sms_code')).toBe('请输入6位数字验证码')
  expect(server.calls).toHaveLength(0)
})

test('without the consent nothing is sent; the box shows its state', async () => {
  const { comp, server } = open()
  await fill(comp, VALID, { agree: false })
  expect(textOf(comp, '#agree')).toBe('我已阅读并同意')
  await tap(comp, '#submit')
  expect(textOf(comp, '#error-agreed')).toBe('请先阅读并勾选同意《用户协议》和《隐私政策》')
  expect(server.callsTo('POST', '/api/v1/accounts')).toHaveLength(0)
  await tap(comp, '#agree')
  expect(textOf(comp, '#agree')).toBe('✓我已阅读并同意')
  expect(textOf(comp, '#error-agreed')).toBe('')
})

test('the user agreement and the privacy policy open from the consent line', async () => {
  const { comp, wx } = open()
  await tap(comp, '#open-privacy-policy')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/legal/index?key=privacy-policy' })
  await tap(comp, '#open-user-agreement')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/legal/index?key=user-agreement' })
})

test('correcting a field clears its message', async () => {
  const { comp } = open()
  await tap(comp, '#submit')
  await type(comp, '#username', 'zhangsan')
  expect(textOf(comp, '#error-username')).toBe('')
  expect(textOf(comp, '#error-phone')).toBe('请填写手机号')
})

test('获取验证码 posts purpose register', async () => {
  const server = new FakeServer().on('POST', '/api/v1/sms-codes', { status: 202, body: { retry_after: 60, expires_in: 300 } })
  const { comp } = open({ server })
  await type(comp, '#phone', '13800138000')
  await tap(comp, '#send-sms')
  await settle()
  expect(server.calls[0].data).toEqual({ phone: '13800138000', purpose: 'register' })
  expect(textOf(comp, '#send-sms')).toBe('60秒后重新获取')
  comp.detach()
})

test('a valid form posts the account (without the confirmation), stores the session, opens home', async () => {
  const server = new FakeServer().on('POST', '/api/v1/accounts', { status: 201, body: sessionBody({ token: 'tok-new' }) })
  const { comp, wx } = open({ server })
  await fill(comp, VALID)
  await tap(comp, '#submit')
  await settle()

  const [call] = server.callsTo('POST', '/api/v1/accounts')
  expect(call.data).toEqual({
    username: 'zhangsan_01', password: 'abc12345', phone: '13800138000', sms_code: '123456', agreed_versions: AGREED,
  })
  expect(wx.getStorageSync('auth_token')).toBe('tok-new')
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '注册成功' }))
  expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' })
})

test('a pending bind ticket is shown and sent, then dropped', async () => {
  const server = new FakeServer().on('POST', '/api/v1/accounts', { status: 201, body: sessionBody() })
  const { comp, wx } = open({ server, storage: { wechat_bind_ticket: { ticket: 'bt-9', expiresAt: '2099-01-01T00:00:00Z' } } })
  await settle()
  expect(comp.querySelector('#bind-notice')).toBeTruthy()
  await fill(comp, VALID)
  await tap(comp, '#submit')
  await settle()
  expect(server.callsTo('POST', '/api/v1/accounts')[0].data.bind_ticket).toBe('bt-9')
  expect(wx.getStorageSync('wechat_bind_ticket')).toBe('')
})

test("the server's conflict is shown under the field it names and as a toast", async () => {
  const server = new FakeServer().on('POST', '/api/v1/accounts', {
    status: 409,
    body: errorBody('conflict', '该手机号已注册', { phone: '该手机号已注册，请直接登录' }),
  })
  const { comp, wx } = open({ server })
  await fill(comp, VALID)
  await tap(comp, '#submit')
  await settle()
  expect(textOf(comp, '#error-phone')).toBe('该手机号已注册，请直接登录')
  expect(textOf(comp, '#error-username')).toBe('')
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该手机号已注册', icon: 'none' }))
  expect(wx.reLaunch).not.toHaveBeenCalled()
  expect(wx.getStorageSync('auth_token')).toBe('')
})

test('several server field errors are all shown at once', async () => {
  const server = new FakeServer().on('POST', '/api/v1/accounts', {
    status: 422,
    body: errorBody('invalid', '请检查填写的内容', {
      username: '用户名已被占用',
      sms_code: '验证码错误或已过期',
    }),
  })
  const { comp } = open({ server })
  await fill(comp, VALID)
  await tap(comp, '#submit')
  await settle()
  expect(textOf(comp, '#error-username')).toBe('用户名已被占用')
  expect(textOf(comp, '#error-sms_code')).toBe('验证码错误或已过期')
})
