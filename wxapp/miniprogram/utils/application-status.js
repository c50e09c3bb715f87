/**
 * The status card of the home page (and the state card of the overview and the review page):
 * the application's state, the deadline with a countdown, the next step and its button.
 *
 * Titles and tones describe the state; what the applicant may do comes only from the server's
 * allowed_actions (utils/actions.js): the button is the next allowed step, 撤回 shows when the
 * server offers it, and a blocked step says why and from when.
 */
const { formatBeijing, formatRange, timeLeft } = require('./time')
const actions = require('./actions')
const { OVERVIEW_PAGE: APPLICATION_PAGE, REVIEW_PAGE, ADMISSION_PAGE } = require('./application')

const PAYMENT_PAGE = actions.ACTION_PAGES.pay

const STATES = {
  no_batch: { title: '暂无开放的选聘批次', tone: 'idle' },
  not_started: { title: '尚未开始申报', tone: 'idle' },
  draft: { title: '资料填写', tone: 'active', hint: '请完整填写申报资料并上传证明材料，完成后提交' },
  info_submitted: { title: '资料提交审核', tone: 'active', hint: '请导出申请和资格审查表，签字盖章后扫描上传' },
  pending_review: { title: '待审核', tone: 'active', hint: '已提交审核，请等待所在地住房城乡建设主管部门审核' },
  rejected: { title: '已驳回', tone: 'warn', hint: '请查看驳回理由，撤回后按审核意见修改资料并重新提交' },
  approved: { title: '审核通过', tone: 'ok', hint: '缴费时需输入专家编号，请妥善记录' },
  paid: { title: '已缴费', tone: 'ok', hint: '缴费成功，缴费凭证已发送至您的邮箱；请关注“新疆建设工程招标投标协会”公众号，按通知参加培训、测试' },
  refunded: { title: '已退费', tone: 'idle', hint: '培训费已退还，详情见“网上缴费”' },
  admitted: { title: '已入库', tone: 'ok', hint: '考试通过，您已入选评标专家库，可查看入库通知书' },
  failed: { title: '未通过', tone: 'idle', hint: '很遗憾，本次考试未通过' },
}

/** The page that shows an application in this state beyond its action (the review's outcome). */
const VIEW_PAGES = {
  pending_review: { text: '查看审核进度', url: REVIEW_PAGE },
  rejected: { text: '查看驳回理由', url: REVIEW_PAGE },
  approved: { text: '查看审核结果', url: REVIEW_PAGE },
  paid: { text: '查看缴费凭证与发票', url: PAYMENT_PAGE },
  refunded: { text: '查看缴费记录', url: PAYMENT_PAGE },
  admitted: { text: '查看入库通知书', url: ADMISSION_PAGE },
  failed: { text: '查看考试结果', url: ADMISSION_PAGE },
}

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

function latestRejection(application) {
  return (application.review && application.review.latest_rejection) || null
}

/** The state's sentence; 待审核 says since when. */
function hintOf(application, rejectedBefore) {
  if (rejectedBefore) return '申请曾被驳回，请按审核意见修改后重新提交'
  const at = formatBeijing(application.review_submitted_at)
  if (application.state === 'pending_review' && at) {
    return `已于${at}（北京时间）提交审核，请等待所在地住房城乡建设主管部门审核`
  }
  return (STATES[application.state] || {}).hint || ''
}

function rejectedDetail(application) {
  const rejection = latestRejection(application)
  const reasons = rejection && rejection.reasons ? String(rejection.reasons).trim() : ''
  return reasons ? `驳回理由：${reasons}` : ''
}

/**
 * The deadline the applicant works against: the next step's closes_at, else the batch's
 * registration deadline. {text: "2024年12月2日 18:30（北京时间）", left: "3天5小时20分"} or null.
 */
function deadlineOf(step, application, batch, nowMs) {
  const closes = (step && step.closesAt)
    || (application && application.batch && application.batch.registration_closes_at)
    || (batch && batch.registration_closes_at)
  const text = formatBeijing(closes)
  return text ? { text: `${text}（北京时间）`, left: timeLeft(closes, nowMs) } : null
}

/** "下一步：提交审核" or, for a blocked step, why and from when. */
function nextStepText(step) {
  if (!step) return ''
  return step.allowed ? `下一步：${step.label}` : `${step.label}：${actions.blockedText(step)}`
}

function buttonOf(step, application) {
  if (step && step.allowed && step.url) return { text: step.label, url: step.url }
  return VIEW_PAGES[application.state] || null
}

/**
 * application: the applicant's application in the batch, or null; batch: the current batch or null.
 * Returns {state, title, tone, hint, detail, expertNumber, deadline: {text, left} | null,
 *   nextStep: '' | text, nextBlocked, action: {text, url} | null, secondary: {text, op} | null}.
 */
function describeApplication(application, batch, nowMs = Date.now()) {
  const blank = {
    detail: '', expertNumber: '', deadline: null, nextStep: '', nextBlocked: false, action: null, secondary: null,
  }
  if (!application) {
    if (!batch) {
      return { ...blank, state: 'no_batch', ...STATES.no_batch, hint: '请留意新疆建设工程招标投标协会发布的选聘公告' }
    }
    const window = formatRange(batch.registration_opens_at, batch.registration_closes_at)
    return { ...blank, state: 'not_started', ...STATES.not_started, hint: registrationHint(batch, window) }
  }
  const { state } = application
  const known = STATES[state] || {}
  const step = actions.nextStep(application)
  const withdraw = actions.find(application, 'withdraw')
  const rejectedBefore = state === 'draft' && latestRejection(application)
  return {
    state,
    title: known.title || application.state_label || '申报状态',
    tone: rejectedBefore ? 'warn' : (known.tone || 'idle'),
    hint: hintOf(application, rejectedBefore),
    detail: state === 'rejected' ? rejectedDetail(application) : '',
    expertNumber: application.expert_number || '',
    deadline: step && step.action !== 'pay' && step.action !== 'withdraw'
      ? deadlineOf(step, application, batch, nowMs) : null,
    nextStep: nextStepText(step),
    nextBlocked: !!(step && !step.allowed),
    action: buttonOf(step, application),
    secondary: withdraw && withdraw.allowed ? { text: withdraw.label || '撤回', op: 'withdraw' } : null,
  }
}

module.exports = {
  STATES, APPLICATION_PAGE, REVIEW_PAGE, ADMISSION_PAGE, stateLabel, describeApplication,
}
