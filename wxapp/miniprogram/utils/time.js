/**
 * Date helpers. The server sends ISO-8601 strings; every deadline is shown in
 * Beijing time (Asia/Shanghai, UTC+8, no daylight saving) whatever the phone's
 * own time zone is.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Parse an ISO-8601 string into epoch milliseconds, or NaN.
 * A string without an offset is read as Beijing time.
 */
function parseIso(value) {
  if (typeof value !== 'string') return NaN
  const m = ISO_RE.exec(value.trim())
  if (!m) return NaN
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m
  const ms = Math.round(Number(`0.${frac}`) * 1000)
  let utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms)
  if (!zone) {
    utc -= BEIJING_OFFSET_MS
  } else if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60000
    utc -= sign * offset
  }
  return utc
}

function pad(n) {
  return n < 10 ? `0${n}` : String(n)
}

/** "2024年11月15日 10:30" in Beijing time; '' for a missing or bad value. */
function formatBeijing(value) {
  const ms = parseIso(value)
  if (Number.isNaN(ms)) return ''
  const t = new Date(ms + BEIJING_OFFSET_MS)
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

/** "<start> 至 <end>" in Beijing time. */
function formatRange(start, end) {
  const a = formatBeijing(start)
  const b = formatBeijing(end)
  if (!a && !b) return ''
  return `${a || '—'} 至 ${b || '—'}`
}

/**
 * The time left until `value`, for a countdown: "3天5小时20分", "5小时20分", "20分" (under a
 * minute: "不到1分钟"); '' when `value` is missing or bad, "已截止" once it has passed.
 * `nowMs` defaults to the phone's clock (Date.now()).
 */
function timeLeft(value, nowMs = Date.now()) {
  const ms = parseIso(value)
  if (Number.isNaN(ms)) return ''
  const minutes = Math.floor((ms - nowMs) / 60000)
  if (ms <= nowMs) return '已截止'
  if (minutes < 1) return '不到1分钟'
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  if (days) return `${days}天${hours}小时${mins}分`
  if (hours) return `${hours}小时${mins}分`
  return `${mins}分`
}

module.exports = {
  parseIso,
  formatBeijing,
  formatRange,
  timeLeft,
}
