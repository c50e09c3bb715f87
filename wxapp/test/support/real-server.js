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
}
