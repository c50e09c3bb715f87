/**
 * The review as the applicant sees it: the reviewer's decisions, the latest rejection's
 * reasons and field marks (审核意见), where each mark shows on the form, and 撤回.
 *
 * Application JSON (the server's): review = {latest_rejection: {reasons, field_marks,
 * decided_at} | null, decisions: [{decision, reasons, field_marks, decided_at}]}, can_withdraw.
 * latest_rejection stays while the applicant withdraws, edits and submits again, until a
 * reviewer decides again; field_marks maps a field path (basic.photo_file_id,
 * certificates[0].proof_file_id, review.signed_sheet_file_id) to the reviewer's note, which
 * may be empty.
 */
const api = require('./api')
const appForm = require('./application')
const { formatBeijing } = require('./time')
const { confirm } = require('./nav')

/** A mark without a note still says the field must be looked at again. */
const EMPTY_NOTE = '请核对并修改此项'
const DECISION_LABELS = { approved: '审核通过', rejected: '驳回' }
const WITHDRAW_TITLE = '撤回申请'
const WITHDRAW_CONFIRM = '撤回后可修改资料，修改后须重新提交并上传签字盖章的审查表'

function latestRejection(application) {
  const review = application && application.review
  return (review && review.latest_rejection) || null
}

function noteText(note) {
  const text = note === null || note === undefined ? '' : String(note).trim()
  return text || EMPTY_NOTE
}

/** The marks in the order the server sent them: [{id, field, label, note, section, url}]. */
function markRows(marks) {
  return Object.keys(marks || {}).map((field, i) => {
    const where = appForm.locate(field)
    const s = appForm.section(where.section)
    return {
      id: i,
      field,
      label: appForm.fieldLabel(field),
      note: noteText(marks[field]),
      section: s ? s.key : '',
      url: s ? `${s.page}?field=${encodeURIComponent(field)}` : '',
    }
  })
}

/** The latest rejection for display, or null: {reasons, decidedText, marks}. */
function rejectionView(application) {
  const rejection = latestRejection(application)
  if (!rejection) return null
  return {
    reasons: (rejection.reasons && String(rejection.reasons).trim()) || '',
    decidedText: formatBeijing(rejection.decided_at),
    marks: markRows(rejection.field_marks),
  }
}

/** Every decision, newest first: [{id, decision, label, decidedText, reasons, marks}]. */
function decisionRows(application) {
  const decisions = (application && application.review && application.review.decisions) || []
  return decisions.map((d, i) => ({
    id: i,
    decision: d.decision,
    label: DECISION_LABELS[d.decision] || d.decision || '',
    decidedText: formatBeijing(d.decided_at),
    reasons: (d.reasons && String(d.reasons).trim()) || '',
    marks: markRows(d.field_marks),
  })).reverse()
}

/** The reviewer's note on one field path ('' when it has none). */
function markOf(application, fieldPath) {
  const rejection = latestRejection(application)
  const marks = (rejection && rejection.field_marks) || {}
  return Object.prototype.hasOwnProperty.call(marks, fieldPath) ? noteText(marks[fieldPath]) : ''
}

/** Fields shown under another field's place on their page. */
const NOTE_PLACE_OF = {
  unit_credit_code_confirmed: 'unit_credit_code',
  renewal_available: 'kind',
}

function placeOf(field) {
  return NOTE_PLACE_OF[field] || field
}

/** The places a section page has for notes: its fields, files, read-only values and lists. */
function placesOf(config) {
  const places = []
  Object.keys(config.fields)
    .concat(Object.keys(config.files), config.readOnly || [], config.lists || [])
    .forEach((f) => { if (places.indexOf(placeOf(f)) < 0) places.push(placeOf(f)) })
  return places
}

/**
 * The notes of one section page:
 * - notes: {field: note} under the field (its top name: "primary" for "primary.level3");
 * - itemNotes: {"certificates-0": "PDF证明：证书已过期"} under a list item;
 * - generalNotes: notes on the section as a whole, or on a field the page has no place for.
 */
function sectionNotes(application, sectionKey) {
  const out = { notes: {}, itemNotes: {}, generalNotes: [] }
  const rejection = latestRejection(application)
  const config = appForm.section(sectionKey)
  if (!rejection || !config) return out
  const places = placesOf(config)
  const add = (map, key, text) => { map[key] = map[key] ? `${map[key]}；${text}` : text }
  const marks = rejection.field_marks || {}
  Object.keys(marks).forEach((field) => {
    const where = appForm.locate(field)
    if (where.section !== sectionKey) return
    const note = noteText(marks[field])
    if (where.list) {
      const labels = appForm.ITEM_LABELS[where.list] || {}
      const keyLabel = where.key ? labels[where.key.split('.')[0]] || where.key : ''
      add(out.itemNotes, `${where.list}-${where.index}`, keyLabel ? `${keyLabel}：${note}` : note)
      return
    }
    const top = placeOf(where.field.split('.')[0])
    if (top && places.indexOf(top) >= 0) add(out.notes, top, note)
    else out.generalNotes.push(top ? `${appForm.fieldLabel(field)}：${note}` : note)
  })
  return out
}

/**
 * 撤回, after the applicant confirms: resolves with the application (back in draft), or
 * null when they cancel. Rejects with the server's ApiError (e.g. past the deadline).
 */
async function withdraw() {
  const ok = await confirm(WITHDRAW_TITLE, WITHDRAW_CONFIRM)
  if (!ok) return null
  return api.withdrawApplication()
}

module.exports = {
  EMPTY_NOTE,
  DECISION_LABELS,
  WITHDRAW_TITLE,
  WITHDRAW_CONFIRM,
  latestRejection,
  markRows,
  rejectionView,
  decisionRows,
  markOf,
  placesOf,
  sectionNotes,
  withdraw,
}
