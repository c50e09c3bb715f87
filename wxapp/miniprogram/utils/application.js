/**
 * The application form (专家申报) as the mini-program sees it: its sections, the
 * fields each section saves, where a problem's field lives, and how a section's
 * inputs become the body of its save (PUT).
 *
 * Field names on the wire are dotted "section.field" (basic.id_number,
 * specialties.primary.level3) or list items "list[index].field"
 * (certificates[0].name, avoidance_units[1].credit_code).
 */

/** Field kinds: text (trimmed, '' → null), bool, int (digits → number), codes (a list of codes), file (an id). */
const SECTIONS = [
  {
    key: 'basic',
    title: '基本信息',
    page: '/pages/application/basic/index',
    fields: {
      name: 'text',
      gender: 'text',
      id_number: 'text',
      birth: 'text',
      political_affiliation: 'text',
      prefecture_code: 'text',
      title: 'text',
      title_level: 'text',
      education: 'text',
      degree: 'text',
      school: 'text',
      major: 'text',
    },
    files: {
      photo_file_id: 'photo',
      id_card_front_file_id: 'id_card_front',
      id_card_back_file_id: 'id_card_back',
      title_certificate_file_id: 'title_certificate',
      education_proof_file_id: 'education_proof',
    },
  },
  {
    key: 'qualification',
    title: '资格信息',
    page: '/pages/application/qualification/index',
    lists: ['certificates'],
    fields: {
      profession_level1: 'text',
      profession_level2: 'text',
      years_of_practice: 'int',
      work_unit: 'text',
      unit_credit_code: 'text',
      unit_credit_code_confirmed: 'bool',
      unit_office_phone: 'text',
    },
    files: {},
  },
  {
    key: 'evaluation',
    title: '参评信息',
    page: '/pages/application/evaluation/index',
    // mobile is the account's phone: shown, never sent.
    readOnly: ['mobile'],
    fields: {
      accepts_remote_evaluation: 'bool',
      willing_emergency_expert: 'bool',
      email: 'text',
      backup_mobile: 'text',
    },
    files: {},
  },
  {
    key: 'specialties',
    title: '评标专业',
    page: '/pages/application/specialties/index',
    fields: { primary: 'codes', alternate: 'codes' },
    files: {},
  },
  {
    key: 'experience',
    title: '工作经历',
    page: '/pages/application/experience/index',
    fields: { work_experience: 'text', evaluation_experience: 'text' },
    files: {},
  },
  {
    key: 'avoidance_units',
    title: '回避单位',
    page: '/pages/application/avoidance/index',
    lists: ['avoidance_units'],
    // its items have their own endpoints
    fields: {},
    files: {},
  },
  {
    key: 'renewal',
    title: '续聘信息',
    page: '/pages/application/renewal/index',
    readOnly: ['renewal_available'],
    fields: { kind: 'text' },
    files: {},
  },
  {
    key: 'commitment',
    title: '诚信承诺书',
    page: '/pages/application/commitment/index',
    fields: {},
    files: { commitment_letter_file_id: 'commitment_letter' },
  },
]

const OVERVIEW_PAGE = '/pages/application/index'
const DESKTOP_UPLOAD_PAGE = '/pages/application/desktop-upload/index'
/** 资料提交审核: the review sheet, the signed scan, 提交审核, the review's outcome, 撤回. */
const REVIEW_PAGE = '/pages/application/review/index'
// The exam result and the admission letter (入库通知书), after payment.
const ADMISSION_PAGE = '/pages/admission/index'

/** Where the signed review sheet is marked by a reviewer (it belongs to no section). */
const SIGNED_SHEET_FIELD = 'review.signed_sheet_file_id'
const SIGNED_SHEET_LABEL = '签字盖章的申请和资格审查表'

/** The Chinese name of each field, as the form shows it (for the reviewer's field marks). */
const FIELD_LABELS = {
  basic: {
    name: '姓名',
    gender: '性别',
    id_number: '身份证号码',
    birth: '出生年月',
    political_affiliation: '政治面貌',
    prefecture_code: '所在市州',
    title: '职称',
    title_level: '职称级别',
    education: '最高学历',
    degree: '最高学位',
    school: '毕业院校',
    major: '所学专业',
    photo_file_id: '一寸免冠照',
    id_card_front_file_id: '身份证正面（国徽面）',
    id_card_back_file_id: '身份证反面（人像面）',
    title_certificate_file_id: '职称证书',
    education_proof_file_id: '学历证明',
  },
  qualification: {
    profession_level1: '从事专业类别（一级）',
    profession_level2: '从事专业类别（二级）',
    years_of_practice: '从事专业年限',
    work_unit: '工作单位名称',
    unit_credit_code: '统一社会信用代码',
    unit_credit_code_confirmed: '统一社会信用代码',
    unit_office_phone: '工作单位办公电话',
    certificates: '职业资格证书',
  },
  evaluation: {
    accepts_remote_evaluation: '是否接受异地评标',
    willing_emergency_expert: '是否愿意成为应急专家',
    email: '电子邮箱',
    mobile: '手机号',
    backup_mobile: '备用手机号',
  },
  specialties: { primary: '首选评标专业', alternate: '备选评标专业' },
  experience: { work_experience: '工作经历', evaluation_experience: '评标经历' },
  avoidance_units: { avoidance_units: '回避单位' },
  renewal: { kind: '新增或续聘' },
  commitment: { commitment_letter_file_id: '诚信承诺书' },
}

/** List items: the item's name and the names of its fields. */
const ITEM_LABELS = {
  certificates: {
    noun: '职业资格证书', name: '证书名称', registration_number: '注册号', proof_file_id: 'PDF证明',
  },
  avoidance_units: {
    noun: '回避单位', name: '单位全称', credit_code: '信用代码', credit_code_confirmed: '信用代码', description: '情况概述',
  },
}

const BY_KEY = {}
SECTIONS.forEach((s) => { BY_KEY[s.key] = s })

/** The list name (certificates, avoidance_units) → the section that shows it. */
const LIST_SECTION = {}
SECTIONS.forEach((s) => (s.lists || []).forEach((l) => { LIST_SECTION[l] = s.key }))

/** A bare field name (id_number) → its section, for answers without the section prefix. */
const FIELD_SECTION = {}
SECTIONS.forEach((s) => {
  Object.keys(s.fields).concat(Object.keys(s.files), s.readOnly || []).forEach((f) => {
    if (!FIELD_SECTION[f]) FIELD_SECTION[f] = s.key
  })
})

function section(key) {
  return BY_KEY[key] || null
}

/** The section after `key` in the form's order ({key, title, page}), or null after the last. */
function nextSection(key) {
  const index = SECTIONS.findIndex((s) => s.key === key)
  const next = index >= 0 ? SECTIONS[index + 1] : null
  return next ? { key: next.key, title: next.title, page: next.page } : null
}

/**
 * Where a problem's field lives:
 * {section, field, list, index, key, anchor}
 * - section: the section key (the page that shows it), or '' when unknown;
 * - field: the field name inside the section ("id_number", "primary.level3"), or '' for
 *   the section as a whole;
 * - list/index/key: for list items ("certificates", 0, "name");
 * - anchor: a DOM-safe id suffix of the element to scroll to (the field, or the list item).
 * `hint` is the problem's own "section" when it has one.
 */
function locate(fieldPath, hint) {
  const path = String(fieldPath || '')
  const listMatch = /^([A-Za-z_]+)\[(\d+)\](?:\.(.+))?$/.exec(path)
  if (listMatch) {
    const [, list, index, key = ''] = listMatch
    const key0 = LIST_SECTION[list] || (BY_KEY[hint] ? hint : '')
    return {
      section: key0, field: key, list, index: Number(index), key, anchor: `${list}-${index}`,
    }
  }
  const dot = path.indexOf('.')
  const head = dot < 0 ? path : path.slice(0, dot)
  const rest = dot < 0 ? '' : path.slice(dot + 1)
  let sectionKey = ''
  let field = ''
  if (BY_KEY[head]) {
    sectionKey = head
    field = rest
  } else if (LIST_SECTION[head]) {
    // "certificates" or "avoidance_units" as a whole
    sectionKey = LIST_SECTION[head]
    field = path
  } else if (FIELD_SECTION[head]) {
    sectionKey = FIELD_SECTION[head]
    field = path
  } else {
    sectionKey = BY_KEY[hint] ? hint : ''
    field = path
  }
  const top = field.split('.')[0]
  return {
    section: sectionKey, field, list: '', index: -1, key: field, anchor: top.replace(/[^A-Za-z0-9_-]/g, '-'),
  }
}

/**
 * The Chinese name of a field path, with its section:
 * "basic.photo_file_id" → "基本信息 · 一寸免冠照", "certificates[0].proof_file_id" →
 * "资格信息 · 职业资格证书1 · PDF证明", "review.signed_sheet_file_id" → "签字盖章的申请和资格审查表".
 */
function fieldLabel(fieldPath) {
  if (fieldPath === SIGNED_SHEET_FIELD) return SIGNED_SHEET_LABEL
  const where = locate(fieldPath)
  const s = section(where.section)
  if (!s) return String(fieldPath || '')
  const parts = [s.title]
  if (where.list) {
    const item = ITEM_LABELS[where.list] || {}
    parts.push(`${item.noun || where.list}${where.index + 1}`)
    if (where.key) parts.push(item[where.key.split('.')[0]] || where.key)
  } else if (where.field) {
    const top = where.field.split('.')[0]
    const label = (FIELD_LABELS[s.key] || {})[top]
    if (label && label !== s.title) parts.push(label)
    else if (!label) parts.push(where.field)
  }
  return parts.join(' · ')
}

/** The URL of the page that shows a problem's field, with the field and its message. */
function fieldUrl(fieldPath, message, hint) {
  const where = locate(fieldPath, hint)
  const target = section(where.section)
  if (!target) return ''
  let url = `${target.page}?field=${encodeURIComponent(fieldPath)}`
  if (message) url += `&message=${encodeURIComponent(message)}`
  return url
}

/**
 * Problems → the rows of the completeness list:
 * [{field, section, sectionTitle, message, severity, url, creditCode}];
 * sectionTitle is the server's section_label when it sends one.
 */
function problemRows(problems) {
  return (problems || []).map((p, i) => {
    const where = locate(p.field, p.section)
    const s = section(where.section)
    return {
      id: i,
      field: p.field,
      section: where.section,
      sectionTitle: p.section_label || (s ? s.title : '其他'),
      message: p.message,
      severity: p.severity === 'warning' ? 'warning' : 'error',
      url: fieldUrl(p.field, p.message, p.section),
      creditCode: /credit_code$/.test(p.field || ''),
    }
  })
}

/** A 422 answer's {field: message} map → problems (all errors, unless known as warnings). */
function problemsFromFields(fields, knownWarnings = []) {
  return Object.keys(fields || {}).map((field) => ({
    field,
    section: locate(field).section,
    message: fields[field],
    severity: knownWarnings.indexOf(field) >= 0 ? 'warning' : 'error',
  }))
}

/** Per section: {key, title, page, errors, warnings, ok}. */
function sectionSummaries(problems) {
  return SECTIONS.map((s) => {
    let errors = 0
    let warnings = 0
    ;(problems || []).forEach((p) => {
      if (locate(p.field, p.section).section !== s.key) return
      if (p.severity === 'warning') warnings += 1
      else errors += 1
    })
    return {
      key: s.key, title: s.title, page: s.page, errors, warnings, ok: errors === 0 && warnings === 0,
    }
  })
}

/**
 * The problems of one section, for its page:
 * {errors: {field: message}, items: {list: {index: {key: message}}}, general: [messages]}.
 * The first message of a field wins; messages of the section as a whole go to general.
 */
function sectionProblems(problems, sectionKey) {
  const errors = {}
  const items = {}
  const general = []
  ;(problems || []).forEach((p) => {
    const where = locate(p.field, p.section)
    if (where.section !== sectionKey) return
    if (where.list) {
      items[where.list] = items[where.list] || {}
      const item = items[where.list][where.index] || {}
      const key = where.key || '_'
      if (!item[key]) item[key] = p.message
      items[where.list][where.index] = item
    } else if (!where.field) {
      general.push(p.message)
    } else if (!errors[where.field]) {
      errors[where.field] = p.message
    }
  })
  return { errors, items, general }
}

function sectionValues(application, sectionKey) {
  if (!application) return {}
  return application[sectionKey] || {}
}

/** The section's inputs, as the page holds them (null → '' for text, kept for bools). */
function formOf(application, sectionKey) {
  const s = section(sectionKey)
  const values = sectionValues(application, sectionKey)
  const form = {}
  Object.keys(s.fields).forEach((f) => {
    const kind = s.fields[f]
    const v = values[f]
    if (kind === 'bool') form[f] = v === true || v === false ? v : null
    else if (kind === 'codes') form[f] = Array.isArray(v) ? v.slice() : []
    else form[f] = v === null || v === undefined ? '' : String(v)
  })
  Object.keys(s.files).forEach((f) => {
    form[f] = values[f] === undefined ? null : values[f]
  })
  ;(s.readOnly || []).forEach((f) => {
    form[f] = values[f] === undefined ? null : values[f]
  })
  return form
}

function normalizeValue(kind, value) {
  if (kind === 'bool') return value === true || value === false ? value : null
  if (kind === 'codes') return Array.isArray(value) ? value.slice() : []
  const text = value === null || value === undefined ? '' : String(value).trim()
  if (kind === 'int') {
    if (!text) return null
    return /^\d+$/.test(text) ? Number(text) : text // the server says what is wrong with it
  }
  return text || null
}

/**
 * The body of a section's 保存 (PUT): exactly the section's own input fields
 * (its files are saved as they are uploaded; read-only values are never sent).
 */
function saveBody(sectionKey, form) {
  const s = section(sectionKey)
  const body = {}
  Object.keys(s.fields).forEach((f) => {
    body[f] = normalizeValue(s.fields[f], form[f])
  })
  if (!Object.keys(s.fields).length) {
    // A section of files only (commitment): 保存 sends its files.
    Object.keys(s.files).forEach((f) => { body[f] = form[f] === undefined ? null : form[f] })
  }
  return body
}

/** "1.2 MB" */
function formatSize(size) {
  const n = Number(size)
  if (!n && n !== 0) return ''
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** The file a field points at, for display: {id, name, size, contentType} or null. */
function fileInfo(application, fileId) {
  if (fileId === null || fileId === undefined || fileId === '') return null
  const meta = (application && application.files && application.files[String(fileId)]) || {}
  return {
    id: fileId,
    name: meta.original_name || '已上传的文件',
    size: formatSize(meta.size),
    contentType: meta.content_type || '',
  }
}

/** Desktop-upload slot → where its file shows up in the application. */
function fileOfSlot(application, slot) {
  if (!application || !slot) return null
  const cert = /^certificate:(.+)$/.exec(slot)
  if (cert) {
    const item = (application.certificates || []).find((c) => String(c.id) === cert[1])
    return item ? fileInfo(application, item.proof_file_id) : null
  }
  if (slot === 'signed_review_sheet') return fileInfo(application, application.signed_sheet_file_id)
  const fields = {
    title_certificate: ['basic', 'title_certificate_file_id'],
    education_proof: ['basic', 'education_proof_file_id'],
    commitment_letter: ['commitment', 'commitment_letter_file_id'],
  }
  const where = fields[slot]
  if (!where) return null
  return fileInfo(application, sectionValues(application, where[0])[where[1]])
}

module.exports = {
  SECTIONS,
  OVERVIEW_PAGE,
  DESKTOP_UPLOAD_PAGE,
  REVIEW_PAGE,
  ADMISSION_PAGE,
  SIGNED_SHEET_FIELD,
  SIGNED_SHEET_LABEL,
  FIELD_LABELS,
  ITEM_LABELS,
  section,
  locate,
  fieldLabel,
  fieldUrl,
  problemRows,
  problemsFromFields,
  sectionSummaries,
  sectionProblems,
  formOf,
  saveBody,
  nextSection,
  normalizeValue,
  formatSize,
  fileInfo,
  fileOfSlot,
}
