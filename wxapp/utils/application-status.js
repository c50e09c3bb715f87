/**
 * The home page status card: where the applicant stands in the current batch.
 * The ONE place that maps application states to their labels and actions.
 *
 * States (DESIGN.md): draft 资料填写, info_submitted 资料提交审核, pending_review 待审核,
 * rejected 已驳回, approved 审核通过, paid 已缴费, admitted 已入库, failed 未通过;
 * plus no_batch and not_started (no application yet) before there is one.
 * Later issues give pending_review … failed their own actions here.
 */
const { formatBeijing, formatRange } = require('./time')
const { OVERVIEW_PAGE: APPLICATION_PAGE } = require('./application')

const STATES = {
  no_batch: { title: '暂无开放的选聘批次', tone: 'idle' },
  not_started: { title: '尚未开始申报', tone: 'idle' },
  draft: {
    title: '资料填写',
    tone: 'active',
    hint: '请完整填写申报资料并上传证明材料，完成后提交',
    action: { text: '填写申报资料', url: APPLICATION_PAGE },
  },
  info_submitted: {
    title: '资料提交审核',
    tone: 'active',
    hint: '申报资料已提交，不能再修改',
    action: { text: '查看申报资料', url: APPLICATION_PAGE },
  },
  pending_review: {
    title: '待审核', tone: 'active', action: { text: '查看申报资料', url: APPLICATION_PAGE },
  },
  rejected: {
    title: '已驳回', tone: 'warn', action: { text: '查看申报资料', url: APPLICATION_PAGE },
  },
  approved: {
    title: '审核通过', tone: 'ok', action: { text: '查看申报资料', url: APPLICATION_PAGE },
  },
  paid: { title: '已缴费', tone: 'ok' },
  admitted: { title: '已入库', tone: 'ok' },
  failed: { title: '未通过', tone: 'idle' },
}

/** The Chinese label of an application state ('' when unknown). */
function stateLabel(state) {
  const known = STATES[state]
  return (known && known.title) || ''
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

function draftHint(application, batch) {
  const closes = (application.batch && application.batch.registration_closes_at)
    || (batch && batch.registration_closes_at)
  const deadline = formatBeijing(closes)
  return deadline ? `请在${deadline}（北京时间）前完成填写并提交` : STATES.draft.hint
}

/**
 * application: the applicant's application in the batch, or null (none yet).
 * batch: the current batch, or null when there is none.
 * Returns {state, title, hint, tone, action: {text, url} | null}.
 */
function describeApplication(application, batch) {
  if (!batch && !application) {
    return {
      state: 'no_batch',
      ...STATES.no_batch,
      hint: '请留意新疆建设工程招标投标协会发布的选聘公告',
      action: null,
    }
  }
  if (!application) {
    const window = formatRange(batch.registration_opens_at, batch.registration_closes_at)
    return {
      state: 'not_started', ...STATES.not_started, hint: registrationHint(batch, window), action: null,
    }
  }
  const known = STATES[application.state]
  let hint = (known && known.hint) || ''
  if (application.state === 'draft') hint = draftHint(application, batch)
  return {
    state: application.state,
    title: (known && known.title) || application.state_label || '申报状态',
    tone: (known && known.tone) || 'idle',
    hint,
    action: (known && known.action) || null,
  }
}

module.exports = { STATES, APPLICATION_PAGE, stateLabel, describeApplication }
