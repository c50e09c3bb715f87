/**
 * Registration with consent and account deletion against the real server (the SMS codes come
 * from the sandbox, as they would to a phone).
 */
const {
  RealServer, loadPage, type, tap, textOf, settle,
} = require('../helpers')
const {
  call, newApplicant, freshPhone, lastSmsCode, currentLegalVersions,
} = require('../support/real-server')

test('registering on the page: the code the phone received, consent to the server\'s current texts', async () => {
  const server = new RealServer()
  const { comp, wx } = loadPage('pages/accounts/register/index', { server })
  comp.instance.onLoad({})
  const phone = freshPhone()
  await type(comp, '#phone', phone)
  await tap(comp, '#send-sms')
  await type(comp, '#sms_code', await lastSmsCode(phone))
  await type(comp, '#username', `r${phone.slice(3)}`)
  await type(comp, '#password', 'Passw0rd2024')
  await type(comp, '#confirm_password', 'Passw0rd2024')
  await tap(comp, '#agree')
  await tap(comp, '#submit')
  const [registration] = server.callsTo('POST', '/api/v1/accounts')
  expect(registration.status).toBe(201)
  expect(registration.data.agreed_versions).toEqual(await currentLegalVersions())
  expect(wx.getStorageSync('auth_token')).toBeTruthy()
  comp.detach()
})

test('the privacy policy page shows the server\'s text', async () => {
  const { comp } = loadPage('pages/legal/index', { server: new RealServer() })
  await comp.instance.onLoad({ key: 'privacy-policy' })
  await settle()
  expect(textOf(comp, '#block-0')).toBe('隐私政策')
  expect(textOf(comp, '#legal')).toContain('相册和相机')
  expect(textOf(comp, '#legal-version')).toMatch(/^版本：\d{4}-\d{2}-\d{2}$/)
})

test('注销账号 with the password: the account is gone and the phone logged out', async () => {
  const applicant = await newApplicant()
  const { comp, wx } = loadPage('pages/profile/delete-account/index', {
    server: new RealServer(), storage: { auth_token: applicant.token, auth_account: applicant.account },
  })
  await type(comp, '#password', applicant.password)
  await tap(comp, '#submit')
  await settle()
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('不能恢复') }))
  expect(wx.getStorageSync('auth_token')).toBe('')
  expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/accounts/login/index' })
  expect((await call('GET', '/api/v1/me', undefined, applicant.token)).status).toBe(401)
})

test('注销账号 with a wrong password: the server\'s message under the field, nothing deleted', async () => {
  const applicant = await newApplicant()
  const { comp } = loadPage('pages/profile/delete-account/index', {
    server: new RealServer(), storage: { auth_token: applicant.token },
  })
  await type(comp, '#password', 'Wrong0000')
  await tap(comp, '#submit')
  await settle()
  expect(textOf(comp, '#error-password')).toBe('密码不正确')
  expect((await call('GET', '/api/v1/me', undefined, applicant.token)).status).toBe(200)
})

test('注销账号 with an SMS code sent to the account\'s own phone', async () => {
  const applicant = await newApplicant()
  const { comp } = loadPage('pages/profile/delete-account/index', {
    server: new RealServer(), storage: { auth_token: applicant.token },
  })
  await tap(comp, '#way-sms')
  await type(comp, '#phone', applicant.phone)
  // The register code went to this phone a moment ago: the server allows one a minute.
  await tap(comp, '#send-sms')
  expect(textOf(comp, '#error-phone')).toMatch(/^验证码发送太频繁，请\d+秒后再试$/)
  comp.detach()
})
