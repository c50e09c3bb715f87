/**
 * The home page status card: where the applicant stands in the current batch.
 *
 * Today the server has no applications yet, so the only state is
 * "not_started" (尚未开始申报) with the batch's registration window.
 *
 * EXTENSION POINT for later issues: the application states of DESIGN.md —
 * draft (资料填写), info_submitted (资料提交审核), pending_review (待审核),
 * rejected (驳回), approved (审核通过), paid (已缴费), admitted (入库), failed —
 * go into STATES, and describeApplication() gets a branch for each.
 */
const { formatRange } = require('./time')

const STATES = {
  no_batch: { title: '暂无开放的选聘批次', tone: 'idle' },
  not_started: { title: '尚未开始申报', tone: 'idle' },
  // draft: { title: '资料填写中', tone: 'active' },            (later issue)
  // info_submitted: { title: '资料已提交，待上传审查表', ... }  (later issue)
}

function registrationHint(batch, window) {
  switch (batch.phase) {
    case 'not_open':
      return `报名尚未开始，报名时间：${window}`
    case 'registration':
      return `报名时间：${window}，请在截止前完成申报`
    default:
      return `本批次报名已截止（报名时间：${window}）`
  }
}

/**
 * application: the applicant's application in the batch, or null (none yet).
 * batch: the current batch, or null when there is none.
 * Returns {state, title, hint, tone}.
 */
function describeApplication(application, batch) {
  if (!batch) {
    return {
      state: 'no_batch',
      ...STATES.no_batch,
      hint: '请留意新疆建设工程招标投标协会发布的选聘公告',
    }
  }
  if (!application) {
    const window = formatRange(batch.registration_opens_at, batch.registration_closes_at)
    return { state: 'not_started', ...STATES.not_started, hint: registrationHint(batch, window) }
  }
  const known = STATES[application.state]
  return {
    state: application.state,
    title: (known && known.title) || application.state_label || '申报状态',
    tone: (known && known.tone) || 'idle',
    hint: '',
  }
}

module.exports = { STATES, describeApplication }
