/**
 * Subscribe messages (订阅消息): the server says which template to ask for at which moment
 * (GET /message-subscriptions: submit_for_review → the review result, approved → payment opening,
 * paid → training and exam notices); the applicant's answers go back to it (POST), which is how
 * it knows it may send one message of each template accepted.
 *
 * WeChat shows the dialog only inside a tap (or right after a payment), so a page loads the
 * topics first (`load`, on show) and calls `ask(moment)` at the very start of its tap handler,
 * before any other await; the action goes on whatever the answer. A template already granted
 * (one message waiting to be sent) is not asked again, and neither is one the applicant refused:
 * the refusal is respected, and the server sends what must not be missed by SMS instead.
 */
const api = require('./api')

/** Answers after which the template is not asked for again. */
const NOT_AGAIN = ['reject', 'ban', 'filter']
/** WeChat asks for at most three templates at once. */
const MAX_AT_ONCE = 3

let topics = []

/** The server's topics for this applicant; none when it cannot be read (nothing is asked then). */
async function load() {
  try {
    topics = (await api.getSubscriptions()).topics || []
  } catch (err) {
    topics = []
  }
  return topics
}

/** The template ids worth asking for at `moment`. */
function templatesAt(moment) {
  return topics
    .filter((t) => t.moment === moment && !t.remaining && NOT_AGAIN.indexOf(t.last_answer) < 0)
    .map((t) => t.template_id)
    .slice(0, MAX_AT_ONCE)
}

/** Whether `ask(moment)` would show the dialog (for a page's 订阅 button). */
function canAsk(moment) {
  return templatesAt(moment).length > 0
}

/** {templateId: answer} of wx.requestSubscribeMessage's success result (errMsg left out). */
function answersOf(result, tmplIds) {
  const answers = {}
  tmplIds.forEach((id) => {
    if (typeof result[id] === 'string') answers[id] = result[id]
  })
  return answers
}

/** Tell the server; a failure only means the grant is unknown there (nothing is sent by it). */
async function report(answers) {
  if (!Object.keys(answers).length) return
  try {
    topics = (await api.reportSubscriptions(answers)).topics || topics
  } catch (err) {
    // The next load reads what the server knows.
  }
}

/**
 * Ask for the templates of `moment`; resolves with the answers ({} when nothing was asked or
 * the dialog failed: the main switch off in settings, or no tap). Call it first in a tap handler:
 * wx.requestSubscribeMessage is called synchronously here.
 */
function ask(moment) {
  const tmplIds = templatesAt(moment)
  if (!tmplIds.length) return Promise.resolve({})
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (result) => resolve(answersOf(result || {}, tmplIds)),
      fail: () => resolve({}),
    })
  }).then(async (answers) => {
    await report(answers)
    return answers
  })
}

module.exports = { load, ask, canAsk, templatesAt, NOT_AGAIN }
