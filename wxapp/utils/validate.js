/**
 * Client-side checks with exactly the server's messages, so the user sees the
 * same words before and after a round trip. Each check returns '' when the
 * value is fine, else the Chinese message.
 */
const MESSAGES = {
  usernameRequired: '请填写用户名',
  usernameInvalid: '用户名须为4-20位字母、数字或下划线，且以字母开头',
  passwordRequired: '请填写密码',
  passwordInvalid: '密码至少8位，且须同时包含字母和数字',
  passwordMismatch: '两次输入的密码不一致',
  phoneRequired: '请填写手机号',
  phoneInvalid: '请输入正确的11位手机号',
  smsCodeRequired: '请填写验证码',
  smsCodeInvalid: '请输入6位数字验证码',
  loginRequired: '请填写用户名或手机号',
}

const USERNAME_RE = /^[A-Za-z][A-Za-z0-9_]{3,19}$/
const PHONE_RE = /^1[3-9]\d{9}$/
const SMS_CODE_RE = /^\d{6}$/
const PASSWORD_MIN = 8
const PASSWORD_MAX = 64

function isBlank(value) {
  return value === undefined || value === null || String(value).trim() === ''
}

function username(value) {
  if (isBlank(value)) return MESSAGES.usernameRequired
  return USERNAME_RE.test(value) ? '' : MESSAGES.usernameInvalid
}

/** Also used for new_password. Length counts characters (code points), as Python does. */
function password(value) {
  if (value === undefined || value === null || value === '') return MESSAGES.passwordRequired
  const length = Array.from(String(value)).length
  const ok = length >= PASSWORD_MIN && length <= PASSWORD_MAX
    && /[A-Za-z]/.test(value) && /[0-9]/.test(value)
  return ok ? '' : MESSAGES.passwordInvalid
}

/** Client only: the confirmation must equal the password. */
function confirmPassword(value, passwordValue) {
  return (value || '') === (passwordValue || '') ? '' : MESSAGES.passwordMismatch
}

function phone(value) {
  if (isBlank(value)) return MESSAGES.phoneRequired
  return PHONE_RE.test(value) ? '' : MESSAGES.phoneInvalid
}

function smsCode(value) {
  if (isBlank(value)) return MESSAGES.smsCodeRequired
  return SMS_CODE_RE.test(value) ? '' : MESSAGES.smsCodeInvalid
}

/** The "login" field: a username or a phone number. */
function login(value) {
  return isBlank(value) ? MESSAGES.loginRequired : ''
}

/**
 * Run checks over a form. rules: {field: (value, values) => message}.
 * Returns {field: message} with only the failing fields.
 */
function validateFields(values, rules) {
  const errors = {}
  Object.keys(rules).forEach((field) => {
    const message = rules[field](values[field], values)
    if (message) errors[field] = message
  })
  return errors
}

function hasErrors(errors) {
  return Object.keys(errors).length > 0
}

module.exports = {
  MESSAGES,
  username,
  password,
  confirmPassword,
  phone,
  smsCode,
  login,
  validateFields,
  hasErrors,
}
