/**
 * The real Flask server the suite started (test/support/global-setup.js) as the transport behind
 * wx.request / wx.uploadFile / wx.downloadFile: real HTTP on loopback, so the pages meet the
 * server's own rules and messages. The page calls its configured API base; the transport sends the
 * same path to the test server. `on(method, path, handler)` answers one operation locally instead
 * (to show the suite notices a changed answer). Helpers make applicants the way a phone does.
 */
const crypto = require('crypto')
const fs = require('fs')
const http = require('http')
const os = require('os')
const path = require('path')
const { apiBase } = require('./base-url')

function serverInfo() {
  const raw = process.env.WXAPP_TEST_SERVER
  if (!raw) throw new Error('the test server is not running (jest globalSetup starts it)')
  return JSON.parse(raw)
}

/** One HTTP exchange: {status, headers, body: Buffer}. */
function exchange(method, url, headers, body) {
  // A length on every body: node sends DELETE bodies unframed otherwise (a phone frames them).
  const framed = body ? { ...headers, 'Content-Length': body.length } : headers
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: framed }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    if (body) req.write(body)
    req.end()
  })
}

function isJson(headers) {
  return /json/.test(String(headers['content-type'] || ''))
}

function decode(res) {
  const text = res.body.toString('utf8')
  if (!text) return ''
  return isJson(res.headers) ? JSON.parse(text) : text
}

/** JSON to the test server, outside any page: {status, body}. */
async function call(method, urlPath, body, token) {
  const headers = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  let payload
  if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body))
    headers['Content-Type'] = 'application/json'
  }
  const res = await exchange(method, serverInfo().api + urlPath, headers, payload)
  return { status: res.status, body: decode(res) }
}

/** A phone number no other test of this run uses (the server allows one SMS code a minute per phone). */
function freshPhone() {
  return `139${String(crypto.randomInt(1e8)).padStart(8, '0')}`
}

/** The code the sandbox "sent" to `phone` last. */
async function lastSmsCode(phone) {
  const res = await exchange('GET', `${serverInfo().sandbox}/sandbox/records`, { Accept: 'application/json' })
  const records = JSON.parse(res.body.toString('utf8'))
  const sent = records.sms.filter((m) => m.phone.endsWith(phone))
  if (!sent.length) throw new Error(`no SMS was sent to ${phone}`)
  return sent[sent.length - 1].code
}

async function smsCode(phone, purpose, token) {
  const sent = await call('POST', '/api/v1/sms-codes', { phone, purpose }, token)
  if (sent.status !== 202) throw new Error(`the SMS code was refused: ${JSON.stringify(sent.body)}`)
  return lastSmsCode(phone)
}

/** The versions of the legal texts, as registration must agree to them. */
async function currentLegalVersions() {
  const index = (await call('GET', '/api/v1/legal')).body
  const versions = {}
  index.documents.forEach((d) => { versions[d.key] = d.version })
  return versions
}

/** A registered applicant: {token, account, phone, username, password}. */
async function newApplicant() {
  const phone = freshPhone()
  const username = `u${phone.slice(3)}`
  const password = 'Passw0rd2024'
  const code = await smsCode(phone, 'register')
  const res = await call('POST', '/api/v1/accounts', {
    username, password, phone, sms_code: code, agreed_versions: await currentLegalVersions(),
  })
  if (res.status !== 201) throw new Error(`registration failed: ${JSON.stringify(res.body)}`)
  return { token: res.body.token, account: res.body.account, phone, username, password }
}

/** The multipart body wx.uploadFile sends: the form fields, then the file part. */
function multipart(formData, name, filePath) {
  const boundary = `----wxapp${Date.now().toString(16)}`
  const parts = Object.keys(formData || {}).map((key) => Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${formData[key]}\r\n`,
  ))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${path.basename(filePath)}"\r\n`
    + 'Content-Type: application/octet-stream\r\n\r\n'))
  parts.push(fs.readFileSync(filePath), Buffer.from(`\r\n--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A multipart upload outside any page, as the applicant's phone would send it: the stored file's id. */
async function uploadAs(token, kind, filePath) {
  const { body, contentType } = multipart({ kind }, 'file', filePath)
  const res = await exchange('POST', `${serverInfo().api}/api/v1/files`, {
    Authorization: `Bearer ${token}`, 'Content-Type': contentType,
  }, body)
  if (res.status !== 201) throw new Error(`upload of ${kind} refused: ${res.body.toString('utf8')}`)
  return JSON.parse(res.body.toString('utf8')).id
}

const APPLICATION = '/api/v1/applications/current'
const ID_NUMBER = '650102197501010014' // GB 11643 check character included

/** Every section of a complete application, through PUT (as the pages send them); one ID number
 * is submitted once per batch, so each test that submits gives its own. */
async function fillEverything(applicant, idNumber = ID_NUMBER) {
  const file = (kind, sample) => uploadAs(applicant.token, kind, serverInfo().samples[sample])
  const sections = {
    basic: {
      name: '张三', id_number: idNumber, political_affiliation: '13', prefecture_code: '650100', title: '高级工程师',
      title_level: '副高级', photo_file_id: await file('photo', 'photo.jpg'),
      id_card_front_file_id: await file('id_card_front', 'id-card.jpg'), id_card_back_file_id: await file('id_card_back', 'id-card.jpg'),
      title_certificate_file_id: await file('title_certificate', 'scan.pdf'), education_proof_file_id: await file('education_proof', 'scan.pdf'),
    },
    qualification: {
      profession_level1: 'A04', profession_level2: 'A0401', years_of_practice: 20, work_unit: '新疆某建筑设计研究院',
      unit_credit_code: '91310110076408176P',
    },
    evaluation: { accepts_remote_evaluation: true, willing_emergency_expert: false, email: 'zhangsan@example.com' },
    specialties: { primary: ['A04', 'A0401', 'A040101'], alternate: [] },
    experience: { work_experience: '1998年至今从事建筑设计工作。', evaluation_experience: '无' },
    renewal: { kind: 'new' },
    commitment: { commitment_letter_file_id: await file('commitment_letter', 'scan.pdf') },
  }
  for (const [section, body] of Object.entries(sections)) {
    const saved = await call('PUT', `${APPLICATION}/${section}`, body, applicant.token) // eslint-disable-line no-await-in-loop
    if (saved.status !== 200) throw new Error(`PUT ${section}: ${saved.status} ${JSON.stringify(saved.body)}`)
  }
  const certificate = await call('POST', `${APPLICATION}/certificates`, {
    name: '一级注册建筑师', registration_number: '新165060812345', proof_file_id: await file('certificate_proof', 'scan.pdf'),
  }, applicant.token)
  if (certificate.status !== 201) throw new Error(`certificate: ${JSON.stringify(certificate.body)}`)
}

/** Submitted, the signed sheet uploaded and sent for review (Urumqi), through the API. */
async function sendForReview(applicant) {
  const submitted = await call('POST', `${APPLICATION}/submit`, undefined, applicant.token)
  if (submitted.status !== 200) throw new Error(`submit: ${JSON.stringify(submitted.body)}`)
  const sheet = await uploadAs(applicant.token, 'signed_review_sheet', serverInfo().samples['scan.pdf'])
  const sent = await call('POST', `${APPLICATION}/submit-for-review`, { signed_sheet_file_id: sheet }, applicant.token)
  if (sent.status !== 200) throw new Error(`submit for review: ${JSON.stringify(sent.body)}`)
  return sent.body.id
}

/** The console as a browser uses it: a cookie jar and the forms' CSRF tokens. */
class ConsoleBrowser {
  constructor() {
    this.cookies = {}
  }

  keep(res) {
    [].concat(res.headers['set-cookie'] || []).forEach((cookie) => {
      const [pair] = cookie.split(';')
      const at = pair.indexOf('=')
      this.cookies[pair.slice(0, at)] = pair.slice(at + 1)
    })
    return res
  }

  header(extra = {}) {
    const cookie = Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ')
    return cookie ? { ...extra, Cookie: cookie } : extra
  }

  async page(urlPath) {
    const res = this.keep(await exchange('GET', serverInfo().api + urlPath, this.header()))
    return res.body.toString('utf8')
  }

  async post(urlPath, form) {
    const body = Buffer.from(new URLSearchParams(form).toString())
    return this.keep(await exchange('POST', serverInfo().api + urlPath,
      this.header({ 'Content-Type': 'application/x-www-form-urlencoded' }), body))
  }
}

function csrfOf(html) {
  const found = /name="csrf_token" value="([^"]+)"/.exec(html)
  if (!found) throw new Error('the console page has no form')
  return found[1]
}

/** The test server's reviewer (乌鲁木齐市) approves the application in the console. */
async function approveInConsole(applicationId) {
  const { reviewer } = serverInfo()
  const browser = new ConsoleBrowser()
  const login = await browser.post('/console/login', {
    csrf_token: csrfOf(await browser.page('/console/login')), username: reviewer.username, password: reviewer.password,
  })
  if (login.status !== 302) throw new Error(`console login refused (${login.status})`)
  const html = await browser.page(`/console/review/${applicationId}`)
  const snapshot = /name="expected_snapshot_id" value="(\d+)"/.exec(html)
  const approved = await browser.post(`/console/review/${applicationId}/approve`, {
    csrf_token: csrfOf(html), expected_snapshot_id: snapshot ? snapshot[1] : '',
  })
  if (approved.status !== 302) throw new Error(`approval refused (${approved.status})`)
}

/** The payer pays the order on the WeChat Pay sandbox (its notification reaches the server). */
async function payInSandbox(outTradeNo) {
  const res = await exchange('POST', `${serverInfo().sandbox}/sandbox/wechat-pay/pay`,
    { 'Content-Type': 'application/json', Accept: 'application/json' }, Buffer.from(JSON.stringify({ out_trade_no: outTradeNo })))
  if (res.status !== 200) throw new Error(`the sandbox refused to pay: ${res.body.toString('utf8')}`)
  return JSON.parse(res.body.toString('utf8'))
}

class RealServer {
  constructor() {
    this.info = serverInfo()
    this.calls = []
    this.overrides = {}
    this.pending = 0
    this.downloads = 0
  }

  get samples() {
    return this.info.samples
  }

  /** Answer one operation locally: handler (call) => {status, body}, or a fixed {status, body}. */
  on(method, urlPath, handler) {
    this.overrides[`${method} ${urlPath}`] = handler
    return this
  }

  callsTo(method, urlPath) {
    return this.calls.filter((c) => c.method === method && c.path === urlPath)
  }

  target(url) {
    const base = apiBase()
    if (!url.startsWith(base)) throw new Error(`the page called ${url}, not its API base ${base}`)
    return url.slice(base.length)
  }

  /** Track one exchange so that settle() waits for it; callbacks run on a later turn, as on a phone. */
  track(work) {
    this.pending += 1
    work().finally(() => setTimeout(() => { this.pending -= 1 }, 0))
  }

  request(options) {
    const method = options.method || 'GET'
    const full = this.target(options.url)
    const [urlPath] = full.split('?')
    const call = {
      method, path: urlPath, url: options.url, header: { ...(options.header || {}) },
      data: options.data === undefined ? undefined : JSON.parse(JSON.stringify(options.data)),
    }
    this.calls.push(call)
    this.track(async () => {
      const override = this.overrides[`${method} ${urlPath}`]
      if (override) {
        const answer = typeof override === 'function' ? override(call) : override
        options.success({ statusCode: answer.status, data: answer.body, header: {} })
        return
      }
      let url = this.info.api + full
      let body
      const headers = { ...call.header }
      if (call.data !== undefined && method === 'GET') {
        url += `?${new URLSearchParams(call.data).toString()}`
      } else if (call.data !== undefined) {
        body = Buffer.from(typeof call.data === 'string' ? call.data : JSON.stringify(call.data))
      }
      try {
        const res = await exchange(method, url, headers, body)
        call.status = res.status
        const text = res.body.toString('utf8')
        let data = text
        if (options.dataType !== 'text' && text) {
          try { data = JSON.parse(text) } catch (e) { data = text }
        }
        options.success({ statusCode: res.status, data, header: res.headers })
      } catch (err) {
        options.fail({ errMsg: `request:fail ${err.message}` })
      }
    })
  }

  uploadFile(options) {
    const urlPath = this.target(options.url)
    const call = {
      method: 'POST', path: urlPath, url: options.url, header: { ...(options.header || {}) }, multipart: true,
      name: options.name, filePath: options.filePath, formData: { ...(options.formData || {}) }, data: undefined,
    }
    this.calls.push(call)
    const listeners = []
    this.track(async () => {
      try {
        const { body, contentType } = multipart(options.formData, options.name, options.filePath)
        listeners.forEach((cb) => cb({ progress: 50, totalBytesSent: body.length / 2, totalBytesExpectedToSend: body.length }))
        const res = await exchange('POST', this.info.api + urlPath, {
          ...call.header, 'Content-Type': contentType, 'Content-Length': body.length,
        }, body)
        listeners.forEach((cb) => cb({ progress: 100, totalBytesSent: body.length, totalBytesExpectedToSend: body.length }))
        call.status = res.status
        options.success({ statusCode: res.status, data: res.body.toString('utf8') })
      } catch (err) {
        options.fail({ errMsg: `uploadFile:fail ${err.message}` })
      }
    })
    return { onProgressUpdate: (cb) => listeners.push(cb), abort: () => {} }
  }

  downloadFile(options) {
    const urlPath = this.target(options.url)
    this.calls.push({ method: 'GET', path: urlPath, url: options.url, header: { ...(options.header || {}) }, download: true })
    this.track(async () => {
      try {
        const res = await exchange('GET', this.info.api + urlPath, options.header || {})
        this.downloads += 1
        const tempFilePath = path.join(os.tmpdir(), `wxapp-download-${process.pid}-${this.downloads}`)
        fs.writeFileSync(tempFilePath, res.body)
        options.success({ statusCode: res.status, tempFilePath })
      } catch (err) {
        options.fail({ errMsg: `downloadFile:fail ${err.message}` })
      }
    })
  }

  readFile(filePath, encoding) {
    return fs.readFileSync(filePath, encoding)
  }
}

module.exports = {
  RealServer, serverInfo, call, uploadAs, newApplicant, smsCode, lastSmsCode, freshPhone, currentLegalVersions,
  fillEverything, sendForReview, approveInConsole, payInSandbox, ID_NUMBER,
}
