/**
 * The home page status card: where the applicant stands in the current batch.
 * The ONE place that maps application states to their labels and actions.
 *
 * States (DESIGN.md): draft 资料填写, info_submitted 资料提交审核, pending_review 待审核,
 * rejected 已驳回, approved 审核通过, paid 已缴费, admitted 已入库, failed 未通过;
 * plus no_batch and not_started (no application yet) before there is one.
 * The overview and the 资料提交审核 page show the same title, hint and action.
 * paid … failed get their own actions with the payment and exam pages.
 */
const { formatBeijing, formatRange } = require('./time')
const { OVERVIEW_PAGE: APPLICATION_PAGE, REVIEW_PAGE } = require('./application')

/** DESIGN.md: paying opens payment_delay_days after approval (5 unless the batch says otherwise). */
const DEFAULT_PAYMENT_DELAY_DAYS = 5

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
    hint: '下一步：导出审查表、签字盖章后上传',
    action: { text: '资料提交审核', url: REVIEW_PAGE },
  },
  pending_review: {
    title: '待审核',
    tone: 'active',
    hint: '已提交审核，请等待所在地住房城乡建设主管部门审核',
    action: { text: '查看审核进度', url: REVIEW_PAGE },
  },
  rejected: {
    title: '已驳回',
    tone: 'warn',
    hint: '请查看驳回理由，撤回后按审核意见修改资料并重新提交',
    action: { text: '查看驳回理由', url: REVIEW_PAGE },
    secondary: { text: '撤回', op: 'withdraw' },
  },
  approved: {
    title: '审核通过', tone: 'ok', action: { text: '查看审核结果', url: REVIEW_PAGE },
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

function deadlineOf(application, batch) {
  const closes = (application.batch && application.batch.registration_closes_at)
    || (batch && batch.registration_closes_at)
  return formatBeijing(closes)
}

function latestRejection(application) {
  return (application.review && application.review.latest_rejection) || null
}

function draftHint(application, batch) {
  const deadline = deadlineOf(application, batch)
  if (latestRejection(application)) {
    return deadline
      ? `申请曾被驳回，请按审核意见修改，并在${deadline}（北京时间）前重新提交`
      : '申请曾被驳回，请按审核意见修改后重新提交'
  }
  return deadline ? `请在${deadline}（北京时间）前完成填写并提交` : STATES.draft.hint
}

function infoSubmittedHint(application, batch) {
  const deadline = deadlineOf(application, batch)
  const next = STATES.info_submitted.hint
  return deadline ? `${next}，并在${deadline}（北京时间）前提交审核` : next
}

function pendingHint(application) {
  const at = formatBeijing(application.review_submitted_at)
  return at ? `已于${at}（北京时间）提交审核，请等待所在地住房城乡建设主管部门审核` : STATES.pending_review.hint
}

/** The batch's payment_delay_days when known (the batch, or the application's batch), else 5. */
function paymentDelayDays(application, batch) {
  const candidates = [batch && batch.payment_delay_days, application.batch && application.batch.payment_delay_days]
  const days = candidates.find((d) => typeof d === 'number' && d >= 0)
  return days === undefined ? DEFAULT_PAYMENT_DELAY_DAYS : days
}

function approvedHint(application, batch) {
  return `审核通过${paymentDelayDays(application, batch)}日后可缴费，缴费时需输入专家编号`
}

function rejectedDetail(application) {
  const rejection = latestRejection(application)
  const reasons = rejection && rejection.reasons ? String(rejection.reasons).trim() : ''
  return reasons ? `驳回理由：${reasons}` : ''
}

/**
 * application: the applicant's application in the batch, or null (none yet).
 * batch: the current batch, or null when there is none (or it is not known).
 * Returns {state, title, hint, tone, action: {text, url} | null,
 *   secondary: {text, op} | null (撤回 when the server allows it), detail (驳回理由), expertNumber}.
 */
function describeApplication(application, batch) {
  const blank = { secondary: null, detail: '', expertNumber: '' }
  if (!batch && !application) {
    return {
      state: 'no_batch',
      ...STATES.no_batch,
      hint: '请留意新疆建设工程招标投标协会发布的选聘公告',
      action: null,
      ...blank,
    }
  }
  if (!application) {
    const window = formatRange(batch.registration_opens_at, batch.registration_closes_at)
    return {
      state: 'not_started', ...STATES.not_started, hint: registrationHint(batch, window), action: null, ...blank,
    }
  }
  const { state } = application
  const known = STATES[state]
  let hint = (known && known.hint) || ''
  let action = (known && known.action) || null
  let tone = (known && known.tone) || 'idle'
  if (state === 'draft') {
    hint = draftHint(application, batch)
    if (latestRejection(application)) {
      action = { text: '按审核意见修改', url: APPLICATION_PAGE }
      tone = 'warn'
    }
  } else if (state === 'info_submitted') {
    hint = infoSubmittedHint(application, batch)
  } else if (state === 'pending_review') {
    hint = pendingHint(application)
  } else if (state === 'approved') {
    hint = approvedHint(application, batch)
  }
  const secondary = known && known.secondary && known.secondary.op === 'withdraw' && application.can_withdraw === true
    ? known.secondary : null
  return {
    state,
    title: (known && known.title) || application.state_label || '申报状态',
    tone,
    hint,
    action,
    secondary,
    detail: state === 'rejected' ? rejectedDetail(application) : '',
    expertNumber: application.expert_number || '',
  }
}

module.exports = {
  STATES, APPLICATION_PAGE, REVIEW_PAGE, DEFAULT_PAYMENT_DELAY_DAYS, stateLabel, describeApplication,
}
