/**
 * A fake HTTP server behind wx.request / wx.uploadFile / wx.downloadFile: canned answers per
 * `METHOD /path`, for the tests of the client's own behaviour (errors, re-login, what a page shows
 * for an answer). It knows no rule of the application: tests that need the rules use the RealServer.
 */
const { apiBase } = require('./base-url')

function notFound() {
  return { status: 404, body: { code: 'not_found', message: '资源不存在', fields: {} } }
}

class FakeServer {
  constructor() {
    this.routes = {}
    this.calls = []
    this.offline = false
    this.pending = 0
    // wx.uploadFile: progress events sent before the answer, and an optional promise the
    // answer waits for (to look at the page mid-upload).
    this.uploadProgress = [50, 100]
    this.uploadGate = null
    // wx.downloadFile: what each temporary file holds (a refusal's JSON body).
    this.downloaded = {}
  }

  /**
   * Answer `METHOD /path` with a handler: (call) => ({status, body}), a fixed {status, body}, or
   * an array of those used one after another (the last one repeats).
   */
  on(method, urlPath, handler) {
    this.routes[`${method} ${urlPath}`] = Array.isArray(handler) ? handler.slice() : handler
    return this
  }

  callsTo(method, urlPath) {
    return this.calls.filter((c) => c.method === method && c.path === urlPath)
  }

  pathOf(url) {
    const base = apiBase()
    if (!url.startsWith(base)) throw new Error(`the page called ${url}, not its API base ${base}`)
    return url.slice(base.length)
  }

  answer(method, urlPath, call) {
    let handler = this.routes[`${method} ${urlPath}`]
    if (Array.isArray(handler)) handler = handler.length > 1 ? handler.shift() : handler[0]
    if (!handler) return notFound()
    return typeof handler === 'function' ? handler(call) : handler
  }

  /** Run `answer` on a later turn, counted as pending until it has run. */
  later(answer) {
    this.pending += 1
    setTimeout(async () => {
      try {
        await answer()
      } finally {
        this.pending -= 1
      }
    }, 0)
  }

  request(options) {
    const method = options.method || 'GET'
    const urlPath = this.pathOf(options.url)
    const call = {
      method,
      path: urlPath,
      url: options.url,
      header: { ...(options.header || {}) },
      data: options.data === undefined ? undefined : JSON.parse(JSON.stringify(options.data)),
    }
    this.calls.push(call)
    this.later(() => {
      if (this.offline) {
        options.fail({ errMsg: 'request:fail timeout' })
        return
      }
      const answer = this.answer(method, urlPath, call)
      options.success({
        statusCode: answer.status,
        data: answer.body === undefined ? '' : JSON.parse(JSON.stringify(answer.body)),
        header: { 'Content-Type': 'application/json' },
      })
    })
  }

  /** wx.uploadFile: a multipart POST; the answer's body arrives as a string, as on a phone. */
  uploadFile(options) {
    const urlPath = this.pathOf(options.url)
    const call = {
      method: 'POST',
      path: urlPath,
      url: options.url,
      header: { ...(options.header || {}) },
      multipart: true,
      name: options.name,
      filePath: options.filePath,
      formData: { ...(options.formData || {}) },
      data: undefined,
    }
    this.calls.push(call)
    const listeners = []
    const task = { onProgressUpdate: (cb) => listeners.push(cb), abort: jest.fn() }
    this.later(async () => {
      for (const progress of this.uploadProgress) {
        listeners.forEach((cb) => cb({ progress, totalBytesSent: progress * 1000, totalBytesExpectedToSend: 100000 }))
      }
      if (this.uploadGate) {
        // Held on purpose: the page is looked at mid-upload, so this does not count as pending.
        this.pending -= 1
        await this.uploadGate
        this.pending += 1
      }
      if (this.offline) {
        options.fail({ errMsg: 'uploadFile:fail timeout' })
        return
      }
      const answer = this.answer('POST', urlPath, call)
      options.success({ statusCode: answer.status, data: answer.body === undefined ? '' : JSON.stringify(answer.body) })
    })
    return task
  }

  /** wx.downloadFile: answers with a temporary path. */
  downloadFile(options) {
    const urlPath = this.pathOf(options.url)
    const call = {
      method: 'GET', path: urlPath, url: options.url, header: { ...(options.header || {}) }, download: true, data: undefined,
    }
    this.calls.push(call)
    this.later(() => {
      if (this.offline) {
        options.fail({ errMsg: 'downloadFile:fail timeout' })
        return
      }
      const answer = this.answer('GET', urlPath, call)
      const tempFilePath = `wxfile://tmp/${urlPath.split('/').pop()}`
      this.downloaded[tempFilePath] = answer.body === undefined ? '%PDF-1.4' : JSON.stringify(answer.body)
      options.success({ statusCode: answer.status, tempFilePath })
    })
  }

  readFile(filePath) {
    if (!(filePath in this.downloaded)) throw new Error(`readFileSync:fail no such file ${filePath}`)
    return this.downloaded[filePath]
  }
}

module.exports = { FakeServer }
