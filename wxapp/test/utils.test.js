/** validate.js (the server's messages), time.js (Beijing time) and the status card. */
const validate = require('../utils/validate')
const { parseIso, formatBeijing, formatRange } = require('../utils/time')
const { describeApplication } = require('../utils/application-status')

describe('validate', () => {
  test.each([
    ['', '请填写用户名'],
    ['   ', '请填写用户名'],
    ['abc', '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['1abcd', '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['abc-d', '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['a'.repeat(21), '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['张三丰丰', '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['abcd', ''],
    ['Zhang_San_2024', ''],
    ['a'.repeat(20), ''],
  ])('username %j', (value, message) => {
    expect(validate.username(value)).toBe(message)
  })

  test.each([
    ['', '请填写密码'],
    ['abc1234', '密码至少8位，且须同时包含字母和数字'],
    ['abcdefgh', '密码至少8位，且须同时包含字母和数字'],
    ['12345678', '密码至少8位，且须同时包含字母和数字'],
    [`a1${'x'.repeat(63)}`, '密码至少8位，且须同时包含字母和数字'],
    ['abc12345', ''],
    [`a1${'x'.repeat(62)}`, ''],
    ['密码密码密码ab12', ''],
  ])('password %j', (value, message) => {
    expect(validate.password(value)).toBe(message)
  })

  test('confirm password', () => {
    expect(validate.confirmPassword('abc12345', 'abc12345')).toBe('')
    expect(validate.confirmPassword('abc12346', 'abc12345')).toBe('两次输入的密码不一致')
    expect(validate.confirmPassword('', 'abc12345')).toBe('两次输入的密码不一致')
  })

  test.each([
    ['', '请填写手机号'],
    ['1380013800', '请输入正确的11位手机号'],
    ['12800138000', '请输入正确的11位手机号'],
    ['138001380000', '请输入正确的11位手机号'],
    ['1380013800a', '请输入正确的11位手机号'],
    ['13800138000', ''],
    ['19912345678', ''],
  ])('phone %j', (value, message) => {
    expect(validate.phone(value)).toBe(message)
  })

  test.each([
    ['', '请填写验证码'],
    ['12345', '请输入6位数字验证码'],
    ['1234567', '请输入6位数字验证码'],
    ['12345a', '请输入6位数字验证码'],
    ['012345', ''],
  ])('sms code %j', (value, message) => {
    expect(validate.smsCode(value)).toBe(message)
  })

  test('login', () => {
    expect(validate.login('')).toBe('请填写用户名或手机号')
    expect(validate.login('13800138000')).toBe('')
  })

  test('validateFields keeps only the failing fields', () => {
    const errors = validate.validateFields(
      { phone: '13800138000', sms_code: '' },
      { phone: validate.phone, sms_code: validate.smsCode },
    )
    expect(errors).toEqual({ sms_code: '请填写验证码' })
    expect(validate.hasErrors(errors)).toBe(true)
    expect(validate.hasErrors({})).toBe(false)
  })
})

describe('time', () => {
  test('offsets, Z and naive values (read as Beijing time)', () => {
    const expected = Date.UTC(2024, 10, 15, 2, 30)
    expect(parseIso('2024-11-15T10:30:00+08:00')).toBe(expected)
    expect(parseIso('2024-11-15T02:30:00Z')).toBe(expected)
    expect(parseIso('2024-11-15T02:30:00.000000+00:00')).toBe(expected)
    expect(parseIso('2024-11-15T10:30:00')).toBe(expected)
    expect(parseIso('2024-11-14T21:30:00-05:00')).toBe(expected)
    expect(Number.isNaN(parseIso('not a date'))).toBe(true)
  })

  test('formats in Beijing time whatever the zone of the value', () => {
    expect(formatBeijing('2024-12-02T10:30:00Z')).toBe('2024年12月2日 18:30')
    expect(formatBeijing('2024-12-31T16:05:00Z')).toBe('2025年1月1日 00:05')
    expect(formatBeijing(null)).toBe('')
    expect(formatRange('2024-11-15T10:30:00+08:00', '2024-12-02T18:30:00+08:00'))
      .toBe('2024年11月15日 10:30 至 2024年12月2日 18:30')
  })
})

describe('application status', () => {
  const batch = {
    registration_opens_at: '2024-11-15T10:30:00+08:00',
    registration_closes_at: '2024-12-02T18:30:00+08:00',
  }

  test('no application yet: 尚未开始申报 with the registration window', () => {
    expect(describeApplication(null, { ...batch, phase: 'not_open' })).toMatchObject({
      state: 'not_started',
      title: '尚未开始申报',
      hint: '报名尚未开始，报名时间：2024年11月15日 10:30 至 2024年12月2日 18:30',
    })
    expect(describeApplication(null, { ...batch, phase: 'registration' }).hint)
      .toBe('报名时间：2024年11月15日 10:30 至 2024年12月2日 18:30，请在截止前完成申报')
    expect(describeApplication(null, { ...batch, phase: 'review' }).hint)
      .toBe('本批次报名已截止（报名时间：2024年11月15日 10:30 至 2024年12月2日 18:30）')
  })

  test('no batch', () => {
    expect(describeApplication(null, null)).toMatchObject({ state: 'no_batch', title: '暂无开放的选聘批次' })
  })
})
