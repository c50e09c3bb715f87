/** The login page: password, SMS code and WeChat one-tap login. */
const {
  FakeServer, loadPage, type, tap, textOf, settle, sessionBody, errorBody,
} = require('./helpers')

const PAGE = 'pages/accounts/login/index'
const BIND_NOTICE = '首次使用微信登录，请用账号密码或短信验证码登录以绑定微信'

function open(options) {
  const env = loadPage(PAGE, options)
  env.comp.instance.onLoad({})
  env.comp.instance.onShow()
  return env
}

test('renders the three login tabs and the password form', async () => {
  const { comp } = open()
  await settle()
  expect(textOf(comp, '#tab-password')).toBe('密码登录')
  expect(textOf(comp, '#tab-sms')).toBe('验证码登录')
  expect(textOf(comp, '#tab-wechat')).toBe('微信登录')
  expect(comp.querySelector('#login')).toBeTruthy()
  expect(comp.querySelector('#password')).toBeTruthy()
  expect(comp.querySelector('#phone')).toBeFalsy()
  expect(comp.querySelector('#bind-notice')).toBeFalsy()
  expect(textOf(comp, '#link-register')).toBe('注册账号')
  expect(textOf(comp, '#link-forgot')).toBe('忘记密码')
})

test('typing updates the form', async () => {
  const { comp } = open()
  await type(comp, '#login', 'zhangsan')
  await type(comp, '#password', 'abc12345')
  expect(comp.instance.data.form.login).toBe('zhangsan')
  expect(comp.instance.data.form.password).toBe('abc12345')
})

test('an empty password login shows the messages under the fields and sends nothing', async () => {
  const { comp, server } = open()
  await tap(comp, '#submit-password')
  expect(textOf(comp, '#error-login')).toBe('请填写用户名或手机号')
  expect(textOf(comp, '#error-password')).toBe('请填写密码')
  expect(server.calls).toHaveLength(0)

  await type(comp, '#login', 'zhangsan')
  expect(textOf(comp, '#error-login')).toBe('')
})

test('password login posts {login, password}, stores the session and opens home', async () => {
  const server = new FakeServer().on('POST', '/api/v1/sessions/password', { status: 200, body: sessionBody({ token: 'tok-1' }) })
  const { comp, wx } = open({ server })
  await type(comp, '#login', ' zhangsan ')
  await type(comp, '#password', 'abc12345')
  await tap(comp, '#submit-password')
  await settle()

  expect(server.calls).toHaveLength(1)
  expect(server.calls[0].method).toBe('POST')
  expect(server.calls[0].path).toBe('/api/v1/sessions/password')
  expect(server.calls[0].data).toEqual({ login: 'zhangsan', password: 'abc12345' })
  expect(wx.getStorageSync('auth_token')).toBe('tok-1')
  expect(wx.getStorageSync('auth_account')).toMatchObject({ username: 'zhangsan' })
  expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' })
})

test("the server's Chinese error is shown at the field it names and as a toast", async () => {
  const server = new FakeServer().on('POST', '/api/v1/sessions/password', {
    status: 422,
    body: errorBody('invalid', '用户名或密码错误', { password: '用户名或密码错误' }),
  })
  const { comp, wx } = open({ server })
  await type(comp, '#login', 'zhangsan')
  await type(comp, '#password', 'wrongpass1')
  await tap(comp, '#submit-password')
  await settle()

  expect(textOf(comp, '#error-password')).toBe('用户名或密码错误')
  expect(textOf(comp, '#error-login')).toBe('')
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '用户名或密码错误', icon: 'none' }))
  expect(wx.reLaunch).not.toHaveBeenCalled()
  expect(comp.instance.data.submitting).toBe(false)
})

test('a locked account shows the server message as a toast', async () => {
  const server = new FakeServer().on('POST', '/api/v1/sessions/password', {
    status: 423, body: errorBody('locked', '密码错误次数过多，账号已锁定15分钟'),
  })
  const { comp, wx } = open({ server })
  await type(comp, '#login', 'zhangsan')
  await type(comp, '#password', 'abc12345')
  await tap(comp, '#submit-password')
  await settle()
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '密码错误次数过多，账号已锁定15分钟' }))
})

test('a network failure is shown in Chinese', async () => {
  const server = new FakeServer()
  server.offline = true
  const { comp, wx } = open({ server })
  await type(comp, '#login', 'zhangsan')
  await type(comp, '#password', 'abc12345')
  await tap(comp, '#submit-password')
  await settle()
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络连接失败，请检查网络后重试' }))
})

describe('SMS login', () => {
  async function openSmsTab(server) {
    const env = open({ server })
    await tap(env.comp, '#tab-sms')
    return env
  }

  test('the SMS tab shows phone, code and the 获取验证码 button', async () => {
    const { comp } = await openSmsTab()
    expect(comp.querySelector('#phone')).toBeTruthy()
    expect(comp.querySelector('#sms_code')).toBeTruthy()
    expect(textOf(comp, '#send-sms')).toBe('获取验证码')
    expect(comp.querySelector('#login')).toBeFalsy()
  })

  test('获取验证码 checks the phone first', async () => {
    const { comp, server } = await openSmsTab()
    await tap(comp, '#send-sms')
    expect(textOf(comp, '#error-phone')).toBe('请填写手机号')
    await type(comp, '#phone', '12345')
    await tap(comp, '#send-sms')
    expect(textOf(comp, '#error-phone')).toBe('请输入正确的11位手机号')
    expect(server.calls).toHaveLength(0)
  })

  test('获取验证码 posts {phone, purpose: login} and counts down from 60', async () => {
    const server = new FakeServer().on('POST', '/api/v1/sms-codes', { status: 202, body: { retry_after: 60, expires_in: 300 } })
    const { comp, wx } = await openSmsTab(server)
    await type(comp, '#phone', '13800138000')
    await tap(comp, '#send-sms')
    await settle()

    expect(server.calls[0].path).toBe('/api/v1/sms-codes')
    expect(server.calls[0].data).toEqual({ phone: '13800138000', purpose: 'login' })
    expect(server.calls[0].header.Authorization).toBeUndefined()
    expect(textOf(comp, '#send-sms')).toBe('60秒后重新获取')
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '验证码已发送' }))

    await tap(comp, '#send-sms') // the disabled button still fires in the simulator
    expect(server.calls).toHaveLength(1)

    await settle(1100)
    expect(textOf(comp, '#send-sms')).toBe('59秒后重新获取')
    comp.detach() // stops the timer
  })

  test('the countdown ends with the button back to 获取验证码', async () => {
    const { comp } = await openSmsTab()
    comp.instance.startSmsCountdown(1)
    await settle()
    expect(textOf(comp, '#send-sms')).toBe('1秒后重新获取')
    await settle(1100)
    expect(textOf(comp, '#send-sms')).toBe('获取验证码')
  })

  test('too many SMS requests: the server message is shown', async () => {
    const server = new FakeServer().on('POST', '/api/v1/sms-codes', {
      status: 429, body: errorBody('too_many_requests', '验证码发送过于频繁，请60秒后再试'),
    })
    const { comp, wx } = await openSmsTab(server)
    await type(comp, '#phone', '13800138000')
    await tap(comp, '#send-sms')
    await settle()
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '验证码发送过于频繁，请60秒后再试' }))
    expect(textOf(comp, '#send-sms')).toBe('获取验证码')
  })

  test('SMS login checks the fields, then posts {phone, sms_code}', async () => {
    const server = new FakeServer().on('POST', '/api/v1/sessions/sms', { status: 200, body: sessionBody({ token: 'tok-sms' }) })
    const { comp, wx } = await openSmsTab(server)
    await tap(comp, '#submit-sms')
    expect(textOf(comp, '#error-phone')).toBe('请填写手机号')
    expect(textOf(comp, '#error-sms_code')).toBe('请填写验证码')
    await type(comp, '#phone', '13800138000')
    await type(comp, '#sms_code', '12a')
    await tap(comp, '#submit-sms')
    expect(textOf(comp, '#error-phone')).toBe('')
    expect(textOf(comp, '#error-sms_code')).toBe('请输入6位数字验证码')
    expect(server.calls).toHaveLength(0)

    await type(comp, '#sms_code', '123456')
    await tap(comp, '#submit-sms')
    await settle()
    expect(server.calls[0].path).toBe('/api/v1/sessions/sms')
    expect(server.calls[0].data).toEqual({ phone: '13800138000', sms_code: '123456' })
    expect(wx.getStorageSync('auth_token')).toBe('tok-sms')
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })

  test('a wrong code from the server is shown under the code field', async () => {
    const server = new FakeServer().on('POST', '/api/v1/sessions/sms', {
      status: 422, body: errorBody('invalid', '验证码错误或已过期', { sms_code: '验证码错误或已过期' }),
    })
    const { comp, wx } = await openSmsTab(server)
    await type(comp, '#phone', '13800138000')
    await type(comp, '#sms_code', '654321')
    await tap(comp, '#submit-sms')
    await settle()
    expect(textOf(comp, '#error-sms_code')).toBe('验证码错误或已过期')
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '验证码错误或已过期' }))
  })
})

describe('WeChat login', () => {
  test('one tap: wx.login, posts {code}, logged_in opens home', async () => {
    const server = new FakeServer().on('POST', '/api/v1/sessions/wechat', {
      status: 200, body: { status: 'logged_in', ...sessionBody({ token: 'tok-wx' }) },
    })
    const { comp, wx } = open({ server })
    await tap(comp, '#tab-wechat')
    expect(textOf(comp, '#submit-wechat')).toBe('微信一键登录')
    await tap(comp, '#submit-wechat')
    await settle()

    expect(wx.login).toHaveBeenCalledTimes(1)
    expect(server.calls[0].path).toBe('/api/v1/sessions/wechat')
    expect(server.calls[0].data).toEqual({ code: 'wx-login-code' })
    expect(wx.getStorageSync('auth_token')).toBe('tok-wx')
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })

  test('bind_required shows the notice; the next password login carries the bind ticket', async () => {
    const server = new FakeServer()
      .on('POST', '/api/v1/sessions/wechat', {
        status: 200,
        body: { status: 'bind_required', bind_ticket: 'bt-1', bind_ticket_expires_at: '2099-01-01T00:00:00+08:00' },
      })
      .on('POST', '/api/v1/sessions/password', {
        status: 200, body: sessionBody({ account: { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: true } }),
      })
    const { comp, wx } = open({ server })
    await tap(comp, '#tab-wechat')
    await tap(comp, '#submit-wechat')
    await settle()

    expect(textOf(comp, '#bind-notice')).toBe(BIND_NOTICE)
    expect(comp.instance.data.tab).toBe('password')
    expect(wx.reLaunch).not.toHaveBeenCalled()

    await type(comp, '#login', 'zhangsan')
    await type(comp, '#password', 'abc12345')
    await tap(comp, '#submit-password')
    await settle()

    const login = server.callsTo('POST', '/api/v1/sessions/password')[0]
    expect(login.data).toEqual({ login: 'zhangsan', password: 'abc12345', bind_ticket: 'bt-1' })
    expect(wx.getStorageSync('wechat_bind_ticket')).toBe('')
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })

  test('a ticket stored by the API client shows the notice on load and goes with SMS login', async () => {
    const server = new FakeServer().on('POST', '/api/v1/sessions/sms', { status: 200, body: sessionBody() })
    const { comp } = open({ server, storage: { wechat_bind_ticket: { ticket: 'bt-2', expiresAt: '' } } })
    await settle()
    expect(textOf(comp, '#bind-notice')).toBe(BIND_NOTICE)
    await tap(comp, '#tab-sms')
    await type(comp, '#phone', '13800138000')
    await type(comp, '#sms_code', '123456')
    await tap(comp, '#submit-sms')
    await settle()
    expect(server.calls[0].data).toEqual({ phone: '13800138000', sms_code: '123456', bind_ticket: 'bt-2' })
  })

  test('an expired bind ticket refused by the server is dropped and its message shown', async () => {
    const server = new FakeServer().on('POST', '/api/v1/sessions/password', {
      status: 422, body: errorBody('invalid', '微信绑定已过期，请重新微信登录', { bind_ticket: '微信绑定已过期，请重新微信登录' }),
    })
    const { comp, wx } = open({ server, storage: { wechat_bind_ticket: { ticket: 'bt-3', expiresAt: '' } } })
    await type(comp, '#login', 'zhangsan')
    await type(comp, '#password', 'abc12345')
    await tap(comp, '#submit-password')
    await settle()
    expect(textOf(comp, '#form-error')).toBe('微信绑定已过期，请重新微信登录')
    expect(comp.querySelector('#bind-notice')).toBeFalsy()
    expect(wx.getStorageSync('wechat_bind_ticket')).toBe('')
  })
})

describe('a login asked for in the middle of the form keeps the page stack', () => {
  afterEach(() => { delete global.getCurrentPages })

  test('after the login (which binds the WeChat) the applicant is back on the page they were typing in', async () => {
    global.getCurrentPages = () => [
      { route: 'pages/home/index' }, { route: 'pages/application/basic/index' }, { route: 'pages/accounts/login/index' },
    ]
    const server = new FakeServer().on('POST', '/api/v1/sessions/password', { status: 200, body: sessionBody() })
    const { comp, wx } = open({ server, storage: { wechat_bind_ticket: { ticket: 'bt-1', expiresAt: '2099-01-01T00:00:00Z' } } })
    await type(comp, '#login', 'zhangsan')
    await type(comp, '#password', 'abc12345')
    await tap(comp, '#submit-password')
    expect(server.calls[0].data.bind_ticket).toBe('bt-1')
    expect(wx.navigateBack).toHaveBeenCalledWith({ delta: 1 })
    expect(wx.reLaunch).not.toHaveBeenCalled()
  })

  test('login → register over the form: both account pages are left, the form stays', async () => {
    global.getCurrentPages = () => [
      { route: 'pages/application/basic/index' }, { route: 'pages/accounts/login/index' }, { route: 'pages/accounts/register/index' },
    ]
    const { leaveAccountPages } = require('../miniprogram/utils/nav') // eslint-disable-line global-require
    leaveAccountPages()
    expect(wx.navigateBack).toHaveBeenCalledWith({ delta: 2 })
  })
})
