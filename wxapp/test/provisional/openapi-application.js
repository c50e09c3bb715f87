/**
 * PROVISIONAL OpenAPI shapes of the application API, exactly as the mini-program's
 * brief describes them, for the contract test until the server's generator
 * (`make openapi`) documents these operations itself. Merged into a document by
 * extend-openapi.js, which never overwrites what the server already documents.
 */
const nullable = (schema) => ({ ...schema, nullable: true })
const str = nullable({ type: 'string' })
const int = nullable({ type: 'integer' })
const bool = nullable({ type: 'boolean' })
const fileId = nullable({ type: 'integer', description: 'id of a file uploaded with POST /api/v1/files' })
const codes = { type: 'array', items: { type: 'string' } }
const ref = (name) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema) => ({ 'application/json': { schema } })
const strictObject = (properties, required) => ({
  type: 'object', properties, additionalProperties: false, ...(required ? { required } : {}),
})

const BASIC = {
  name: str,
  gender: nullable({ type: 'string', enum: ['男', '女', null] }),
  id_number: str,
  birth: nullable({ type: 'string', description: 'YYYY-MM' }),
  political_affiliation: nullable({ type: 'string', description: 'GB/T 4762 code' }),
  prefecture_code: str,
  title: str,
  title_level: str,
  education: str,
  degree: str,
  school: str,
  major: str,
}
const BASIC_FILES = {
  photo_file_id: fileId,
  id_card_front_file_id: fileId,
  id_card_back_file_id: fileId,
  title_certificate_file_id: fileId,
  education_proof_file_id: fileId,
}
const QUALIFICATION = {
  profession_level1: str,
  profession_level2: str,
  years_of_practice: int,
  work_unit: str,
  unit_credit_code: str,
  unit_credit_code_confirmed: bool,
  unit_office_phone: str,
}
const EVALUATION = {
  accepts_remote_evaluation: bool,
  willing_emergency_expert: bool,
  email: str,
  backup_mobile: str,
}
const SPECIALTIES = { primary: nullable(codes), alternate: nullable(codes) }
const EXPERIENCE = { work_experience: str, evaluation_experience: str }
const RENEWAL = { kind: nullable({ type: 'string', enum: ['new', 'renewal', null] }) }
const COMMITMENT = { commitment_letter_file_id: fileId }
const CERTIFICATE = { name: str, registration_number: str, proof_file_id: fileId }
const AVOIDANCE_UNIT = {
  name: str, credit_code: str, credit_code_confirmed: bool, description: str,
}
const FILE_KINDS = ['photo', 'id_card_front', 'id_card_back', 'title_certificate', 'education_proof', 'certificate_proof', 'commitment_letter', 'signed_review_sheet']
const dateTime = { type: 'string', format: 'date-time' }
const FIELD_MARKS = {
  type: 'object',
  description: 'field path (basic.photo_file_id, certificates[0].proof_file_id, review.signed_sheet_file_id) → the reviewer\'s note (may be empty)',
  additionalProperties: { type: 'string' },
}

const schemas = {
  BasicSectionPatch: strictObject({ ...BASIC, ...BASIC_FILES }),
  QualificationSectionPatch: strictObject(QUALIFICATION),
  EvaluationSectionPatch: strictObject(EVALUATION),
  SpecialtiesSectionPatch: strictObject(SPECIALTIES),
  ExperienceSectionPatch: strictObject(EXPERIENCE),
  RenewalSectionPatch: strictObject(RENEWAL),
  CommitmentSectionPatch: strictObject(COMMITMENT),
  CertificateRequest: strictObject(CERTIFICATE),
  AvoidanceUnitRequest: strictObject(AVOIDANCE_UNIT),
  SpecialtySelection: strictObject({ primary: codes, alternate: codes }),
  DesktopUploadCodeRequest: strictObject({
    slot: { type: 'string', pattern: '^(title_certificate|education_proof|commitment_letter|signed_review_sheet|certificate:.+)$' },
  }, ['slot']),
  FileUpload: {
    type: 'object',
    properties: {
      file: { type: 'string', format: 'binary' },
      kind: { type: 'string', enum: FILE_KINDS },
      // The original file name (wx.uploadFile sends a temporary multipart file name).
      name: { type: 'string', maxLength: 255 },
    },
    required: ['file', 'kind'],
  },
  StoredFile: {
    type: 'object',
    properties: {
      id: { type: 'integer' }, kind: { type: 'string' }, original_name: { type: 'string' }, content_type: { type: 'string' }, size: { type: 'integer' },
    },
  },
  Application: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      state: { type: 'string', enum: ['draft', 'info_submitted', 'pending_review', 'rejected', 'approved', 'paid', 'admitted', 'failed'] },
      state_label: { type: 'string' },
      editable: { type: 'boolean' },
      batch: {
        type: 'object',
        properties: { id: { type: 'integer' }, name: { type: 'string' }, registration_closes_at: { type: 'string', format: 'date-time' } },
      },
      basic: { type: 'object', properties: { ...BASIC, ...BASIC_FILES } },
      qualification: { type: 'object', properties: QUALIFICATION },
      certificates: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, ...CERTIFICATE } } },
      evaluation: { type: 'object', properties: { ...EVALUATION, mobile: str } },
      specialties: { type: 'object', properties: SPECIALTIES },
      experience: { type: 'object', properties: EXPERIENCE },
      avoidance_units: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, ...AVOIDANCE_UNIT } } },
      renewal: { type: 'object', properties: { ...RENEWAL, renewal_available: { type: 'boolean' } } },
      commitment: { type: 'object', properties: COMMITMENT },
      files: { type: 'object', additionalProperties: ref('StoredFile') },
      warnings: {
        type: 'array',
        items: { type: 'object', properties: { field: { type: 'string' }, section: { type: 'string' }, message: { type: 'string' } } },
      },
      submitted_at: nullable({ type: 'string', format: 'date-time' }),
      updated_at: nullable({ type: 'string', format: 'date-time' }),
      expert_number: nullable({ type: 'string', description: '专家编号（审核通过后）' }),
      signed_sheet_file_id: fileId,
      review_submitted_at: nullable(dateTime),
      can_withdraw: { type: 'boolean' },
      review: ref('Review'),
    },
  },
  Rejection: {
    type: 'object',
    properties: { reasons: str, field_marks: FIELD_MARKS, decided_at: dateTime },
  },
  Decision: {
    type: 'object',
    properties: {
      decision: { type: 'string', enum: ['approved', 'rejected'] }, reasons: str, field_marks: FIELD_MARKS, decided_at: dateTime,
    },
  },
  Review: {
    type: 'object',
    properties: {
      latest_rejection: { anyOf: [ref('Rejection'), { type: 'object', nullable: true }] },
      decisions: { type: 'array', items: ref('Decision') },
    },
  },
  ReviewSheet: {
    type: 'object',
    properties: {
      title: { type: 'string' },
      sequence: { type: 'integer' },
      submitted_at: dateTime,
      rows: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            heading: { type: 'string' },
            cells: {
              type: 'array',
              items: { type: 'object', properties: { label: { type: 'string' }, value: { type: 'string' } }, required: ['label', 'value'] },
            },
          },
        },
      },
      verify_url: { type: 'string' },
    },
  },
  SubmitForReviewRequest: strictObject({
    signed_sheet_file_id: { type: 'integer', description: 'a file uploaded with kind signed_review_sheet' },
  }, ['signed_sheet_file_id']),
  ApplicationProblems: {
    type: 'object',
    properties: {
      complete: { type: 'boolean' },
      problems: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            field: { type: 'string' }, section: { type: 'string' }, message: { type: 'string' }, severity: { type: 'string', enum: ['error', 'warning'] },
          },
        },
      },
    },
  },
  SpecialtyCheckResult: {
    type: 'object',
    properties: {
      problems: {
        type: 'array',
        items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' }, code: nullable({ type: 'string' }) } },
      },
    },
  },
  SpecialtyNode: {
    type: 'object',
    properties: {
      code: { type: 'string' },
      name: { type: 'string' },
      level: { type: 'integer' },
      closed: { type: 'boolean' },
      children: { type: 'array', items: ref('SpecialtyNode') },
    },
  },
  SpecialtyCatalog: {
    type: 'object',
    properties: { edition: { type: 'string' }, tree: { type: 'array', items: ref('SpecialtyNode') } },
  },
  ReferenceOptions: {
    type: 'object',
    properties: {
      prefectures: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } } },
      political_affiliations: {
        type: 'array',
        items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, short: { type: 'string' } } },
      },
      education: { type: 'array', items: { type: 'string' } },
      degrees: { type: 'array', items: { type: 'string' } },
      title_levels: { type: 'array', items: { type: 'string' } },
    },
  },
  DesktopUploadCode: {
    type: 'object',
    properties: {
      code: { type: 'string' }, url: { type: 'string' }, qr_png_base64: { type: 'string' }, expires_at: { type: 'string', format: 'date-time' },
    },
  },
}

const ERR = { $ref: '#/components/responses/DEFAULT_ERROR' }
const bearer = [{ bearer: [] }]

function op(summary, { body, status = 200, response } = {}) {
  const operation = {
    summary,
    tags: ['applications'],
    security: bearer,
    responses: { [String(status)]: { description: 'OK' }, default: ERR },
  }
  if (response) operation.responses[String(status)].content = json(ref(response))
  if (body) operation.requestBody = { required: true, content: json(ref(body)) }
  return operation
}

const A = '/api/v1/applications/current'
const paths = {
  [A]: { get: op('当前批次的申请（首次读取时创建草稿）', { response: 'Application' }) },
  [`${A}/basic`]: { patch: op('保存基本信息', { body: 'BasicSectionPatch', response: 'Application' }) },
  [`${A}/qualification`]: { patch: op('保存资格信息', { body: 'QualificationSectionPatch', response: 'Application' }) },
  [`${A}/evaluation`]: { patch: op('保存参评信息', { body: 'EvaluationSectionPatch', response: 'Application' }) },
  [`${A}/specialties`]: { patch: op('保存评标专业', { body: 'SpecialtiesSectionPatch', response: 'Application' }) },
  [`${A}/experience`]: { patch: op('保存工作经历', { body: 'ExperienceSectionPatch', response: 'Application' }) },
  [`${A}/renewal`]: { patch: op('保存续聘信息', { body: 'RenewalSectionPatch', response: 'Application' }) },
  [`${A}/commitment`]: { patch: op('保存诚信承诺书', { body: 'CommitmentSectionPatch', response: 'Application' }) },
  [`${A}/certificates`]: { post: op('增加职业资格证书', { body: 'CertificateRequest', status: 201, response: 'Application' }) },
  [`${A}/certificates/{certificate_id}`]: {
    patch: op('修改职业资格证书', { body: 'CertificateRequest', response: 'Application' }),
    delete: op('删除职业资格证书', { response: 'Application' }),
  },
  [`${A}/avoidance-units`]: { post: op('增加回避单位', { body: 'AvoidanceUnitRequest', status: 201, response: 'Application' }) },
  [`${A}/avoidance-units/{unit_id}`]: {
    patch: op('修改回避单位', { body: 'AvoidanceUnitRequest', response: 'Application' }),
    delete: op('删除回避单位', { response: 'Application' }),
  },
  [`${A}/renewal-prefill`]: { post: op('用以往审核通过的申请预填（续聘）', { response: 'Application' }) },
  [`${A}/problems`]: { get: op('完整性检查：待完善事项', { response: 'ApplicationProblems' }) },
  [`${A}/submit`]: { post: op('提交申报资料', { response: 'Application' }) },
  [`${A}/commitment-letter.pdf`]: {
    get: {
      ...op('诚信承诺书模板（带申报人姓名）'),
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, default: ERR },
    },
  },
  [`${A}/specialties/check`]: { post: op('检查评标专业选择（草稿规则）', { body: 'SpecialtySelection', response: 'SpecialtyCheckResult' }) },
  [`${A}/desktop-upload-codes`]: { post: op('电脑上传码', { body: 'DesktopUploadCodeRequest', status: 201, response: 'DesktopUploadCode' }) },
  [`${A}/review-sheet`]: { get: op('申请和资格审查表（逐行，供核对；未提交资料时 404）', { response: 'ReviewSheet' }) },
  [`${A}/review-sheet.pdf`]: {
    get: {
      ...op('申请和资格审查表 PDF（打印后签字盖章）'),
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, default: ERR },
    },
  },
  [`${A}/submit-for-review`]: { post: op('提交审核：资料提交审核 → 待审核', { body: 'SubmitForReviewRequest', response: 'Application' }) },
  [`${A}/withdraw`]: { post: op('撤回：回到资料填写', { response: 'Application' }) },
  '/api/v1/files': {
    post: {
      ...op('上传文件', { status: 201, response: 'StoredFile' }),
      tags: ['files'],
      requestBody: { required: true, content: { 'multipart/form-data': { schema: ref('FileUpload') } } },
    },
  },
  '/api/v1/files/{file_id}': {
    get: {
      ...op('下载文件（仅本人）'),
      tags: ['files'],
      responses: { 200: { description: 'the file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, default: ERR },
    },
  },
  '/api/v1/reference/specialties': { get: { ...op('评标专业目录（A 工程）', { response: 'SpecialtyCatalog' }), tags: ['reference'] } },
  '/api/v1/reference/options': { get: { ...op('表单选项', { response: 'ReferenceOptions' }), tags: ['reference'] } },
}

module.exports = { paths, schemas }
