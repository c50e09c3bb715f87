/**
 * Where to ask: the applicant's prefecture's policy-consultation contacts and the association's
 * hotlines (GET /api/v1/contacts), as one list of numbers to tap (wx.makePhoneCall).
 */
const api = require('./api')

/** [{label, phone, hours, kind: 'policy' | 'hotline'}]: the prefecture's first, then the hotlines. */
function numbersOf(body) {
  const policy = ((body && body.contacts) || []).map((c) => ({ ...c, kind: 'policy' }))
  const hotlines = ((body && body.hotlines) || []).map((c) => ({ ...c, kind: 'hotline' }))
  return policy.concat(hotlines)
}

/** The sentence above the list: whose contacts these are, or why the prefecture's are missing. */
function headingOf(body) {
  const prefecture = body && body.prefecture
  if (!prefecture) return '填写申报资料中的“所在市州”后，这里显示当地住房城乡建设主管部门的政策咨询电话。'
  if (!(body.contacts || []).length) return `${prefecture.name}的政策咨询电话尚未公布，可先拨打以下系统咨询电话。`
  return `${prefecture.name}政策咨询电话`
}

/** {heading, numbers, prefecture} for the applicant (or for `prefectureCode`). */
async function load(prefectureCode) {
  const body = await api.getContacts(prefectureCode)
  return { heading: headingOf(body), numbers: numbersOf(body), prefecture: body.prefecture || null }
}

module.exports = { numbersOf, headingOf, load }
