/**
 * What the viewer may do with the application, as the server says: application.allowed_actions,
 * a list of {action, label, allowed, reason, opens_at, closes_at}. The mini-program draws its buttons
 * and hints from it and never works out from the state what is allowed.
 *
 * Actions an applicant sees: edit (the draft), submit_info (提交资料), upload_signed_sheet,
 * submit_for_review (提交审核), withdraw (撤回), pay (网上缴费; blocked with a reason that names the
 * exact date and time it opens, and opens_at). An action the list does not name is not offered.
 */
const { formatBeijing } = require('./time')

/** Where each action is taken (withdraw is a button of its own). */
const ACTION_PAGES = {
  edit: '/pages/application/index',
  submit_info: '/pages/application/index',
  upload_signed_sheet: '/pages/application/review/index',
  submit_for_review: '/pages/application/review/index',
  pay: '/pages/payment/index',
}

/** The order in which the home card looks for the next step. */
const NEXT_STEP_ORDER = ['submit_for_review', 'upload_signed_sheet', 'submit_info', 'edit', 'pay', 'withdraw']

function entryOf(raw) {
  return {
    action: raw.action,
    label: raw.label || '',
    allowed: raw.allowed === true,
    reason: raw.reason || '',
    opensAt: raw.opens_at || null,
    closesAt: raw.closes_at || null,
    opensText: formatBeijing(raw.opens_at),
    closesText: formatBeijing(raw.closes_at),
    url: ACTION_PAGES[raw.action] || '',
  }
}

/** Every action the server listed, in its order. */
function list(application) {
  if (!application) return []
  const raw = Array.isArray(application.allowed_actions) ? application.allowed_actions : []
  return raw.filter((a) => a && typeof a.action === 'string').map(entryOf)
}

/** One action, or null when the server does not offer it to this viewer. */
function find(application, name) {
  return list(application).find((a) => a.action === name) || null
}

function isAllowed(application, name) {
  const entry = find(application, name)
  return !!(entry && entry.allowed)
}

/** Why a listed action cannot be taken now, with when it opens: '' when it can. */
function blockedText(entry) {
  if (!entry || entry.allowed) return ''
  const opens = entry.opensText ? `将于${entry.opensText}（北京时间）开放` : ''
  if (entry.reason && opens) return `${entry.reason}，${opens}`
  return entry.reason || opens || `暂不能${entry.label}`
}

/**
 * The next step for the home card: the first allowed action in NEXT_STEP_ORDER, else the first
 * listed (blocked) one, so the applicant reads why and from when; null when nothing is listed.
 */
function nextStep(application) {
  const entries = list(application)
  const ordered = NEXT_STEP_ORDER.map((name) => entries.find((a) => a.action === name)).filter(Boolean)
  return ordered.find((a) => a.allowed) || ordered[0] || null
}

module.exports = {
  ACTION_PAGES, list, find, isAllowed, blockedText, nextStep,
}
