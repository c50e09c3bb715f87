/**
 * Client-side checks with exactly the server's messages, so the user sees the
 * same words before and after a round trip. Each check returns '' when the
 * value is fine, else the Chinese message.
 *
 * The server builds a "required" message from the field's label
 * ("请填写" + label: 请填写新密码, 请填写原密码, 请填写新手机号 …), so every check takes the
 * label of the field it checks; the default is the plain label (密码, 手机号 …).
 */
const { checkIdNumber } = require('./id-number')

/** The server's "required" message of a field with this label. */
function required(label) {
  return `请填写${label}`
}

/**
 * The label a check was given, or its default. validateFields() calls a rule as
 * rule(value, allValues): a rule passed as it is (validate.phone) gets the values
 * object there, which is not a label.
 */
function labelOr(label, fallback) {
  return typeof label === 'string' && label ? label : fallback
}

const MESSAGES = {
  usernameRequired: required('用户名'),
  usernameInvalid: '用户名须为4-20位字母、数字或下划线，且以字母开头',
  passwordRequired: required('密码'),
  passwordInvalid: '密码至少8位，且须同时包含字母和数字',
  passwordMismatch: '两次输入的密码不一致',
  phoneRequired: required('手机号'),
  phoneInvalid: '请输入正确的11位手机号',
  smsCodeRequired: required('验证码'),
  smsCodeInvalid: '请输入6位数字验证码',
  loginRequired: required('用户名或手机号'),
}

const USERNAME_RE = /^[A-Za-z][A-Za-z0-9_]{3,19}$/
const PHONE_RE = /^1[3-9]\d{9}$/
const SMS_CODE_RE = /^\d{6}$/
const PASSWORD_MIN = 8
const PASSWORD_MAX = 64

/** An input's value as trimmed text ('' for undefined/null). */
function trim(value) {
  return String(value || '').trim()
}

function isBlank(value) {
  return value === undefined || value === null || String(value).trim() === ''
}

function username(value, label) {
  if (isBlank(value)) return required(labelOr(label, '用户名'))
  return USERNAME_RE.test(value) ? '' : MESSAGES.usernameInvalid
}

/**
 * A password being set (register, new_password with label 新密码).
 * Length counts characters (code points), as Python does.
 */
function password(value, label) {
  if (value === undefined || value === null || value === '') return required(labelOr(label, '密码'))
  const length = Array.from(String(value)).length
  const ok = length >= PASSWORD_MIN && length <= PASSWORD_MAX
    && /[A-Za-z]/.test(value) && /[0-9]/.test(value)
  return ok ? '' : MESSAGES.passwordInvalid
}

/** Client only: the confirmation must equal the password. */
function confirmPassword(value, passwordValue) {
  return (value || '') === (passwordValue || '') ? '' : MESSAGES.passwordMismatch
}

/** An entered password that is only checked for presence (login, old_password with label 原密码). */
function passwordPresent(value, label) {
  return value === undefined || value === null || value === '' ? required(labelOr(label, '密码')) : ''
}

function phone(value, label) {
  if (isBlank(value)) return required(labelOr(label, '手机号'))
  return PHONE_RE.test(value) ? '' : MESSAGES.phoneInvalid
}

function smsCode(value, label) {
  if (isBlank(value)) return required(labelOr(label, '验证码'))
  return SMS_CODE_RE.test(value) ? '' : MESSAGES.smsCodeInvalid
}

/** The "login" field: a username or a phone number. */
function login(value, label) {
  return isBlank(value) ? required(labelOr(label, '用户名或手机号')) : ''
}

/**
 * The citizen ID number (GB 11643): the server's message, or '' when valid.
 * A bad check character gives 身份证号码校验位不正确.
 */
function idNumber(value) {
  return checkIdNumber(value).error
}

/** Rules for a phone + SMS code pair (phoneLabel: e.g. 新手机号). */
function smsRules(phoneLabel) {
  return {
    phone: (v) => phone(v, phoneLabel),
    sms_code: (v) => smsCode(v),
  }
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
  required,
  trim,
  username,
  password,
  passwordPresent,
  confirmPassword,
  phone,
  smsCode,
  login,
  idNumber,
  smsRules,
  validateFields,
  hasErrors,
}
