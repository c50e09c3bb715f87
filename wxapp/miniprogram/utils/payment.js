/**
 * The fee (网上缴费) on the phone: what the payment page shows, wx.requestPayment as a promise, and
 * the words for how a payment attempt ended.
 *
 * - Whether and from when one may pay is the server's `pay` entry (reason with the exact date and
 *   time, opens_at); the page never works it out from the approval date.
 * - After wx.requestPayment says ok, the money is not yet known to the server: the page shows
 *   "支付结果确认中" and asks the server to check (POST …/orders/<no>/check) a few times, a second
 *   apart; the server queries WeChat Pay. A cancel or a failure is explained and nothing is
 *   recorded.
 */
const { formatBeijing } = require('./time')

const CONFIRMING = '支付结果确认中，请稍候…'
const CONFIRM_LATER = '暂未查询到支付结果。如已付款，请稍后下拉刷新本页查看；请勿重复付款。'
const CANCELLED = '您已取消支付，订单仍可继续支付，也可改用扫码支付。'
const FAILED = '支付未完成'
const CHECKS = 5
const CHECK_INTERVAL_MS = 1000

const TITLE_KINDS = [
  { value: 'personal', label: '个人' },
  { value: 'unit', label: '单位' },
]
const UNIT_KINDS = [
  { value: 'enterprise', label: '企业', needsNumber: true },
  { value: 'institution', label: '事业单位', needsNumber: false },
  { value: 'government', label: '机关', needsNumber: false },
]

/** The `pay` entry as the page shows it: {allowed, text}; null when the server lists none. */
function payStatus(view) {
  const pay = view && view.pay
  if (!pay) return null
  if (pay.allowed) {
    const closes = formatBeijing(pay.closes_at)
    return { allowed: true, text: closes ? `请于${closes}（北京时间）前完成缴费` : '' }
  }
  return { allowed: false, text: pay.reason || '暂不能缴费' }
}

/** The invoice form's starting values: the saved request, else what the application suggests. */
function invoiceForm(view) {
  const saved = view && view.invoice_request
  const prefill = (view && view.invoice_prefill) || {}
  if (saved) {
    return {
      title_kind: saved.title_kind,
      unit_kind: saved.unit_kind || 'enterprise',
      title: saved.title || '',
      taxpayer_number: saved.taxpayer_number || '',
      email: saved.email || '',
      email_confirmed: true,
    }
  }
  return {
    title_kind: prefill.unit_title ? 'unit' : 'personal',
    unit_kind: 'enterprise',
    title: prefill.unit_title || prefill.personal_title || '',
    taxpayer_number: prefill.unit_taxpayer_number || '',
    email: prefill.email || '',
    email_confirmed: false,
  }
}

/** The title the chosen kind suggests (switching 个人/单位 puts the form's own value in). */
function suggestedTitle(view, titleKind) {
  const prefill = (view && view.invoice_prefill) || {}
  return titleKind === 'unit'
    ? { title: prefill.unit_title || '', taxpayer_number: prefill.unit_taxpayer_number || '' }
    : { title: prefill.personal_title || '', taxpayer_number: '' }
}

/** The body of PUT …/invoice-request: exactly the fields the server reads. */
function invoiceBody(form) {
  const body = {
    title_kind: form.title_kind,
    title: String(form.title || '').trim(),
    email: String(form.email || '').trim(),
    email_confirmed: form.email_confirmed === true,
  }
  if (form.title_kind === 'unit') {
    body.unit_kind = form.unit_kind
    body.taxpayer_number = String(form.taxpayer_number || '').trim().toUpperCase() || null
  }
  return body
}

/** wx.requestPayment as a promise: resolves on ok, rejects with the platform's errMsg. */
function requestPayment(params) {
  return new Promise((resolve, reject) => {
    wx.requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: params.signType,
      paySign: params.paySign,
      success: resolve,
      fail: reject,
    })
  })
}

/** How an attempt ended, in words: {cancelled, message}. */
function failureOf(err) {
  const text = String((err && (err.errMsg || err.message)) || '')
  if (/cancel/i.test(text)) return { cancelled: true, message: CANCELLED }
  const detail = text.replace(/^requestPayment:fail\s*/i, '').trim()
  return { cancelled: false, message: detail ? `${FAILED}：${detail}。请稍后重试，或改用扫码支付。` : `${FAILED}，请稍后重试，或改用扫码支付。` }
}

function wait(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms) })
}

/**
 * Ask the server (which asks WeChat Pay) until the order is paid or closed, at most `times`;
 * resolves with the last order seen. `check(outTradeNo)` is the API call.
 */
async function confirmPaid(check, outTradeNo, { times = CHECKS, intervalMs = CHECK_INTERVAL_MS } = {}) {
  let order = null
  for (let i = 0; i < times; i += 1) {
    if (i) await wait(intervalMs) // eslint-disable-line no-await-in-loop
    try {
      order = await check(outTradeNo) // eslint-disable-line no-await-in-loop
    } catch (err) {
      if (err.status && err.status !== 0 && err.status < 500) throw err
    }
    if (order && order.state !== 'pending' && order.state !== 'created') return order
  }
  return order
}

/** The invoices as rows: PDFs open on the phone; OFD files are read in the email or on a computer. */
function invoiceRows(view) {
  return ((view && view.invoices) || []).map((invoice) => ({
    ...invoice,
    openable: invoice.kind === 'pdf' && invoice.state === 'issued',
    note: invoice.state === 'voided' ? '已作废（红冲），以新开具的发票为准'
      : (invoice.kind === 'pdf' ? '' : 'OFD 格式发票请在邮箱中或电脑上查看'),
  }))
}

module.exports = {
  CONFIRMING,
  CONFIRM_LATER,
  CANCELLED,
  TITLE_KINDS,
  UNIT_KINDS,
  payStatus,
  invoiceForm,
  suggestedTitle,
  invoiceBody,
  requestPayment,
  failureOf,
  confirmPaid,
  invoiceRows,
}
