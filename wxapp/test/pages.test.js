/** Forgot-password, change-password, change-phone, home and profile pages. */
const {
  FakeServer, loadPage, type, tap, textOf, settle, sessionBody,
  batchBody, errorBody,
} = require('./helpers')
const fx = require('./fixtures/application')

const LEGAL = {
  documents: [{ key: 'user-agreement', title: '用户协议', version: '2024-11-01' },
    { key: 'privacy-policy', title: '隐私政策', version: '2024-11-01' }],
  contacts: [{ label: '缴费系统咨询电话', phone: '0991-8837428' }, { label: '技术服务咨询热线', phone: '0991-8837410' }],
}

// GET /contacts of an applicant whose prefecture has no contacts yet: the hotlines only.
const CONTACTS = {
  prefecture: { code: '650100', name: '乌鲁木齐市' },
  contacts: [],
  hotlines: LEGAL.contacts.map((c) => ({ ...c, hours: '' })),
}

const LOGGED_IN = {
  auth_token: 'tok-old',
  auth_account: { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: false },
}

describe('forgot password', () => {
  const PAGE = 'pages/accounts/forgot-password/index'

  test('checks the fields with the server messages', async () => {
    const { comp, server } = loadPage(PAGE)
    await tap(comp, '#submit')
    expect(textOf(comp, '#error-phone')).toBe('请填写手机号')
    expect(textOf(comp, '#error-sms_code')).toBe('请填写验证码')
    // The server's "required" message names the field by its label: 新密码.
    expect(textOf(comp, '#error-new_password')).toBe('请填写新密码')
    await type(comp, '#new_password', 'abc12345')
    await type(comp, '#confirm_password', 'abc123456')
    await tap(comp, '#submit')
    expect(textOf(comp, '#error-new_password')).toBe('')
    expect(textOf(comp, '#error-confirm_password')).toBe('两次输入的密码不一致')
    expect(server.calls).toHaveLength(0)
  })

  test('sends a reset_password code, then posts {phone, sms_code, new_password}', async () => {
    const server = new FakeServer()
      .on('POST', '/api/v1/sms-codes', { status: 202, body: { retry_after: 60, expires_in: 300 } })
      .on('POST', '/api/v1/password-resets', { status: 204 })
    const { comp, wx } = loadPage(PAGE, { server })
    await type(comp, '#phone', '13800138000')
    await tap(comp, '#send-sms')
    await settle()
    expect(server.calls[0].data).toEqual({ phone: '13800138000', purpose: 'reset_password' })

    await type(comp, '#sms_code', '123456')
    await type(comp, '#new_password', 'newpass99')
    await type(comp, '#confirm_password', 'newpass99')
    await tap(comp, '#submit')
    await settle()
    const reset = server.callsTo('POST', '/api/v1/password-resets')[0]
    expect(reset.data).toEqual({ phone: '13800138000', sms_code: '123456', new_password: 'newpass99' })
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '密码已重置，请重新登录' }))
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/accounts/login/index' })
    comp.detach()
  })

  test('a wrong code is shown under the code field', async () => {
    const server = new FakeServer().on('POST', '/api/v1/password-resets', {
      status: 422, body: errorBody('invalid', '验证码错误或已过期', { sms_code: '验证码错误或已过期' }),
    })
    const { comp } = loadPage(PAGE, { server })
    await type(comp, '#phone', '13800138000')
    await type(comp, '#sms_code', '123456')
    await type(comp, '#new_password', 'newpass99')
    await type(comp, '#confirm_password', 'newpass99')
    await tap(comp, '#submit')
    await settle()
    expect(textOf(comp, '#error-sms_code')).toBe('验证码错误或已过期')
  })
})

describe('change password', () => {
  const PAGE = 'pages/profile/change-password/index'

  test('checks old, new and confirmation', async () => {
    const { comp, server } = loadPage(PAGE, { storage: LOGGED_IN })
    await type(comp, '#new_password', 'short1')
    await tap(comp, '#submit')
    expect(textOf(comp, '#error-old_password')).toBe('请填写原密码')
    expect(textOf(comp, '#error-new_password')).toBe('密码至少8位，且须同时包含字母和数字')
    expect(textOf(comp, '#error-confirm_password')).toBe('两次输入的密码不一致')
    expect(server.calls).toHaveLength(0)
  })

  test('posts {old_password, new_password} with the token and stores the NEW token', async () => {
    const server = new FakeServer().on('POST', '/api/v1/me/password', { status: 200, body: sessionBody({ token: 'tok-new' }) })
    const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await type(comp, '#old_password', 'abc12345')
    await type(comp, '#new_password', 'xyz98765')
    await type(comp, '#confirm_password', 'xyz98765')
    await tap(comp, '#submit')
    await settle()
    expect(server.calls[0].header.Authorization).toBe('Bearer tok-old')
    expect(server.calls[0].data).toEqual({ old_password: 'abc12345', new_password: 'xyz98765' })
    expect(wx.getStorageSync('auth_token')).toBe('tok-new')
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '密码已修改' }))
  })

  test('a wrong old password is shown under that field', async () => {
    const server = new FakeServer().on('POST', '/api/v1/me/password', {
      status: 422, body: errorBody('invalid', '原密码错误', { old_password: '原密码错误' }),
    })
    const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await type(comp, '#old_password', 'abc12345x')
    await type(comp, '#new_password', 'xyz98765')
    await type(comp, '#confirm_password', 'xyz98765')
    await tap(comp, '#submit')
    await settle()
    expect(textOf(comp, '#error-old_password')).toBe('原密码错误')
    expect(wx.getStorageSync('auth_token')).toBe('tok-old')
  })
})

describe('change phone', () => {
  const PAGE = 'pages/profile/change-phone/index'

  test('shows the current masked phone; the code request carries the token', async () => {
    const server = new FakeServer().on('POST', '/api/v1/sms-codes', { status: 202, body: { retry_after: 60, expires_in: 300 } })
    const { comp } = loadPage(PAGE, { server, storage: LOGGED_IN })
    comp.instance.onLoad({})
    await settle()
    expect(comp.dom.textContent).toContain('当前手机号：138****8000')
    await type(comp, '#phone', '13900139000')
    await tap(comp, '#send-sms')
    await settle()
    expect(server.calls[0].data).toEqual({ phone: '13900139000', purpose: 'change_phone' })
    expect(server.calls[0].header.Authorization).toBe('Bearer tok-old')
    comp.detach()
  })

  test('posts {phone, sms_code} and keeps the updated account', async () => {
    const updated = { id: 7, username: 'zhangsan', phone: '139****9000', wechat_bound: false }
    const server = new FakeServer().on('POST', '/api/v1/me/phone', { status: 200, body: updated })
    const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await tap(comp, '#submit')
    expect(textOf(comp, '#error-phone')).toBe('请填写新手机号')
    await type(comp, '#phone', '13900139000')
    await type(comp, '#sms_code', '123456')
    await tap(comp, '#submit')
    await settle()
    expect(server.calls[0].data).toEqual({ phone: '13900139000', sms_code: '123456' })
    expect(wx.getStorageSync('auth_account')).toEqual(updated)
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '手机号已修改' }))
  })

  test('a phone taken by another account is shown under the phone field', async () => {
    const server = new FakeServer().on('POST', '/api/v1/me/phone', {
      status: 409, body: errorBody('conflict', '该手机号已被其他账号使用', { phone: '该手机号已被其他账号使用' }),
    })
    const { comp } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await type(comp, '#phone', '13900139000')
    await type(comp, '#sms_code', '123456')
    await tap(comp, '#submit')
    await settle()
    expect(textOf(comp, '#error-phone')).toBe('该手机号已被其他账号使用')
  })
})

describe('home', () => {
  const PAGE = 'pages/home/index'
  const BATCH = batchBody({ registration_opens_at: '2024-11-15T02:30:00Z' })
  // 2024-11-29 10:10 Beijing time: 3 days 8 hours 20 minutes before registration closes.
  const NOW = Date.parse('2024-11-29T10:10:00+08:00')

  beforeEach(() => { jest.spyOn(Date, 'now').mockReturnValue(NOW) })
  afterEach(() => { jest.restoreAllMocks() })

  function homeServer(application) {
    const server = new FakeServer()
      .on('GET', '/api/v1/me', { status: 200, body: LOGGED_IN.auth_account })
      .on('GET', '/api/v1/batches/current', { status: 200, body: BATCH })
      .on('GET', '/api/v1/contacts', { status: 200, body: CONTACTS })
      .on('GET', '/api/v1/notices', { status: 200, body: { notices: [], unread: 0 } })
    if (application) server.on('GET', '/api/v1/applications/current', { status: 200, body: application })
    return server
  }

  async function openHome(application) {
    const env = loadPage(PAGE, { server: homeServer(application), storage: LOGGED_IN })
    await env.comp.instance.onShow()
    await settle()
    return env
  }

  test('greets the user and shows the batch windows in Beijing time and the status card', async () => {
    const { comp, server } = await openHome(null)
    expect(textOf(comp, '#greeting')).toBe('你好，zhangsan')
    expect(textOf(comp, '#batch-name')).toBe('2024年全区第二批评标专家选聘')
    expect(textOf(comp, '#batch-phase')).toBe('网上报名')
    expect(textOf(comp, '#window-registration')).toContain('2024年11月15日 10:30 至 2024年12月2日 18:30')
    expect(textOf(comp, '#window-review')).toContain('2024年12月3日 18:30')
    expect(textOf(comp, '#window-payment')).toContain('2024年11月20日 10:30 至 2024年12月4日 18:30')
    expect(textOf(comp, '#window-fee')).toContain('350元')
    expect(textOf(comp, '#status-title')).toBe('尚未开始申报')
    expect(textOf(comp, '#status-hint')).toBe('报名时间：2024年11月15日 10:30 至 2024年12月2日 18:30，请在截止前完成申报')
    // No application in this batch yet (404): 尚未开始申报, no action.
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v1/me', 'GET /api/v1/batches/current', 'GET /api/v1/applications/current',
      'GET /api/v1/contacts', 'GET /api/v1/notices',
    ])
    expect(comp.querySelector('#status-action')).toBeFalsy()
  })

  test('a draft: the deadline in Beijing time, the time left, the next step and its button', async () => {
    const { comp, wx } = await openHome(fx.draftApplication())
    expect(textOf(comp, '#status-title')).toBe('资料填写')
    expect(textOf(comp, '#deadline-at')).toBe('截止时间：2024年12月2日 18:30（北京时间）')
    expect(textOf(comp, '#deadline-left')).toBe('还剩3天8小时20分')
    expect(textOf(comp, '#next-step')).toBe('下一步：提交资料')
    expect(textOf(comp, '#status-action')).toBe('提交资料')
    await tap(comp, '#status-action')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/application/index' })
  })

  test('the countdown moves on while the page shows, and says when the deadline has passed', async () => {
    jest.useFakeTimers({ doNotFake: ['Date', 'setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] })
    try {
      const { comp } = await openHome(fx.draftApplication())
      Date.now.mockReturnValue(NOW + 61 * 60000)
      jest.advanceTimersByTime(60000)
      await settle()
      expect(textOf(comp, '#deadline-left')).toBe('还剩3天7小时19分')
      Date.now.mockReturnValue(Date.parse('2024-12-02T18:31:00+08:00'))
      jest.advanceTimersByTime(60000)
      await settle()
      expect(textOf(comp, '#deadline-left')).toBe('已截止')
      comp.instance.onHide()
    } finally {
      jest.useRealTimers()
    }
  })

  test('资料提交审核: the next step is 提交审核, on the review page', async () => {
    const { comp, wx } = await openHome(fx.submittedApplication())
    expect(textOf(comp, '#status-title')).toBe('资料提交审核')
    expect(textOf(comp, '#next-step')).toBe('下一步：提交审核')
    await tap(comp, '#status-action')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/application/review/index' })
  })

  test('approved: the expert number, and paying blocked with the reason and when it opens', async () => {
    const { comp } = await openHome(fx.approvedApplication())
    expect(textOf(comp, '#expert-number')).toBe('B001-650100-0001')
    expect(textOf(comp, '#next-step')).toBe('网上缴费：审核通过5日后方可缴费，将于2024年11月28日 09:30（北京时间）开放')
    expect(comp.querySelector('#status-deadline')).toBeFalsy()
  })

  test('the hotlines of the seed are tappable and dial; a failed call names the number', async () => {
    const { comp, wx } = await openHome(fx.draftApplication())
    expect(textOf(comp, '#contacts-heading')).toBe('乌鲁木齐市的政策咨询电话尚未公布，可先拨打以下系统咨询电话。')
    expect(textOf(comp, '#call-0')).toBe('缴费系统咨询电话0991-8837428')
    expect(textOf(comp, '#call-1')).toBe('技术服务咨询热线0991-8837410')
    await tap(comp, '#call-1')
    expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '0991-8837410' }))
    wx.__fail.makePhoneCall = { errMsg: 'makePhoneCall:fail' }
    await tap(comp, '#call-0')
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '未能拨打电话，请手动拨打 0991-8837428。' }))
  })

  test('no current batch (404) says so', async () => {
    const server = new FakeServer()
      .on('GET', '/api/v1/me', { status: 200, body: LOGGED_IN.auth_account })
      .on('GET', '/api/v1/batches/current', { status: 404, body: errorBody('not_found', '当前没有选聘批次') })
    const { comp } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#no-batch')).toBe('当前没有开放的选聘批次')
    expect(textOf(comp, '#status-title')).toBe('暂无开放的选聘批次')
    expect(comp.querySelector('#load-error')).toBeFalsy()
  })

  test('an expired token: silent WeChat re-login, then the page loads', async () => {
    const server = new FakeServer()
      .on('GET', '/api/v1/me', (call) => (call.header.Authorization === 'Bearer tok-wx'
        ? { status: 200, body: LOGGED_IN.auth_account }
        : { status: 401, body: errorBody('not_logged_in', '请先登录') }))
      .on('POST', '/api/v1/sessions/wechat', { status: 200, body: { status: 'logged_in', ...sessionBody({ token: 'tok-wx' }) } })
      .on('GET', '/api/v1/batches/current', { status: 200, body: BATCH })
    const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle()
    expect(wx.login).toHaveBeenCalledTimes(1)
    expect(textOf(comp, '#greeting')).toBe('你好，zhangsan')
    expect(textOf(comp, '#status-title')).toBe('尚未开始申报')
    expect(wx.reLaunch).not.toHaveBeenCalled()
  })

  test('an unbound WeChat on re-login: the login page opens over the stack with the bind ticket', async () => {
    const server = new FakeServer()
      .on('GET', '/api/v1/me', { status: 401, body: errorBody('not_logged_in', '请先登录') })
      .on('POST', '/api/v1/sessions/wechat', {
        status: 200, body: { status: 'bind_required', bind_ticket: 'bt-h', bind_ticket_expires_at: '2099-01-01T00:00:00+08:00' },
      })
    const { comp, wx } = loadPage(PAGE, { server })
    await comp.instance.onShow()
    await settle()
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/accounts/login/index?back=1' }))
    expect(wx.reLaunch).not.toHaveBeenCalled()
    expect(wx.getStorageSync('wechat_bind_ticket')).toMatchObject({ ticket: 'bt-h' })
    expect(server.callsTo('GET', '/api/v1/batches/current')).toHaveLength(0)
    expect(comp.querySelector('#load-error')).toBeFalsy()
  })

  test('a server failure is shown in Chinese', async () => {
    const server = new FakeServer()
    server.offline = true
    const { comp } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#load-error')).toBe('网络连接失败，请检查网络后重试')
  })
})

describe('profile', () => {
  const PAGE = 'pages/profile/index'

  test('shows username, masked phone and WeChat binding', async () => {
    const server = new FakeServer().on('GET', '/api/v1/me', {
      status: 200, body: { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: true },
    })
    const { comp } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#username')).toBe('zhangsan')
    expect(textOf(comp, '#phone')).toBe('138****8000')
    expect(textOf(comp, '#wechat')).toBe('已绑定')
  })

  test('links to change password and phone, the legal texts and 注销账号', async () => {
    const { comp, wx } = loadPage(PAGE, { storage: LOGGED_IN })
    for (const id of ['go-change-password', 'go-change-phone', 'go-user-agreement', 'go-privacy-policy', 'go-delete-account']) {
      await tap(comp, `#${id}`) // eslint-disable-line no-await-in-loop
    }
    expect(wx.navigateTo.mock.calls.map((c) => c[0].url)).toEqual([
      '/pages/profile/change-password/index',
      '/pages/profile/change-phone/index',
      '/pages/legal/index?key=user-agreement',
      '/pages/legal/index?key=privacy-policy',
      '/pages/profile/delete-account/index',
    ])
  })

  test('the hotlines show and dial', async () => {
    const server = new FakeServer().on('GET', '/api/v1/legal', { status: 200, body: LEGAL })
    const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle()
    await tap(comp, '#call-0')
    expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '0991-8837428' }))
  })

  test('logout asks, deletes the session, forgets the token and opens login', async () => {
    const server = new FakeServer().on('DELETE', '/api/v1/sessions/current', { status: 204 })
    const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await tap(comp, '#logout')
    await settle()
    expect(wx.showModal).toHaveBeenCalled()
    const [call] = server.callsTo('DELETE', '/api/v1/sessions/current')
    expect(call.header.Authorization).toBe('Bearer tok-old')
    expect(wx.getStorageSync('auth_token')).toBe('')
    expect(wx.getStorageSync('auth_account')).toBe('')
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/accounts/login/index' })
  })

  test('logout is not done when the user cancels', async () => {
    const { comp, wx, server } = loadPage(PAGE, { storage: LOGGED_IN })
    wx.__modalAnswers.push(false)
    await tap(comp, '#logout')
    await settle()
    expect(server.calls).toHaveLength(0)
    expect(wx.getStorageSync('auth_token')).toBe('tok-old')
  })
})
