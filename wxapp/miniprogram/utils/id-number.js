/**
 * Citizen ID numbers (公民身份号码), GB 11643-1999, with the server's messages.
 *
 * 18 characters: 6-digit address code, birth date YYYYMMDD, 3-digit sequence (its
 * last digit odd for men, even for women) and a check character (ISO 7064 MOD 11-2:
 * weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check characters "10X98765432").
 * A lower-case x is accepted and shown upper-case.
 *
 * The client uses this to fill birth (YYYY-MM) and gender as the applicant types;
 * the server checks again on save and submit and is the judge.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'
const LENGTH = 18

// Province-level codes of GB/T 2260 plus 71/81/82/83 (residence permits), as the server.
const PROVINCE_CODES = (
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 '
  + '50 51 52 53 54 61 62 63 64 65 71 81 82 83'
).split(' ')
const EARLIEST_BIRTH_YEAR = 1800
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000

const MESSAGES = {
  required: '请输入身份证号码',
  length: '身份证号码应为18位',
  characters: '身份证号码前17位应为数字，最后一位应为数字或X',
  province: '身份证号码前2位不是有效的省级行政区划代码',
  checksum: '身份证号码校验位不正确',
}

const SHAPE_RE = /^\d{17}[\dX]$/

/** Trimmed and upper-cased (x → X). */
function normalize(value) {
  return String(value === undefined || value === null ? '' : value).trim().toUpperCase()
}

/** The GB 11643 check character of the first 17 digits. */
function checkCharacter(first17) {
  let total = 0
  for (let i = 0; i < WEIGHTS.length; i += 1) total += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[total % 11]
}

function pad(n) {
  return n < 10 ? `0${n}` : String(n)
}

/** Today's date in Beijing as "YYYYMMDD". */
function beijingToday(now = Date.now()) {
  const t = new Date(now + BEIJING_OFFSET_MS)
  return `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`
}

function isRealDate(y, m, d) {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/**
 * Check an ID number. Returns {ok, number, error, birth, gender}:
 * number is the normalised value; birth ("YYYY-MM") and gender ("男"/"女") only when ok;
 * error is the server's Chinese message ('' when ok).
 */
function checkIdNumber(value, { today } = {}) {
  const number = normalize(value)
  const fail = (error) => ({ ok: false, number, error, birth: '', gender: '' })
  if (!number) return fail(MESSAGES.required)
  if (number.length !== LENGTH) return fail(MESSAGES.length)
  if (!SHAPE_RE.test(number)) return fail(MESSAGES.characters)
  if (PROVINCE_CODES.indexOf(number.slice(0, 2)) < 0) return fail(MESSAGES.province)
  const digits = number.slice(6, 14)
  const y = Number(digits.slice(0, 4))
  const m = Number(digits.slice(4, 6))
  const d = Number(digits.slice(6, 8))
  if (!isRealDate(y, m, d) || y < EARLIEST_BIRTH_YEAR) return fail(`身份证号码中的出生日期${digits}不是有效日期`)
  if (digits > (today || beijingToday())) return fail(`身份证号码中的出生日期${digits}晚于今天`)
  if (checkCharacter(number.slice(0, 17)) !== number[17]) return fail(MESSAGES.checksum)
  return {
    ok: true,
    number,
    error: '',
    birth: `${digits.slice(0, 4)}-${digits.slice(4, 6)}`,
    gender: Number(number[16]) % 2 === 1 ? '男' : '女',
  }
}

module.exports = {
  WEIGHTS,
  CHECK_CHARS,
  LENGTH,
  MESSAGES,
  normalize,
  checkCharacter,
  checkIdNumber,
}
