/**
 * The server's OpenAPI 3 document, for the contract tests.
 * Path: env OPENAPI_JSON, default ../build/openapi.json (made by `make openapi`).
 */
const fs = require('fs')
const path = require('path')
const Ajv = require('ajv')
const addFormats = require('ajv-formats')

const DEFAULT_PATH = path.resolve(__dirname, '..', '..', 'build', 'openapi.json')

function openapiPath() {
  return process.env.OPENAPI_JSON ? path.resolve(process.env.OPENAPI_JSON) : DEFAULT_PATH
}

function loadDocument() {
  const file = openapiPath()
  if (!fs.existsSync(file)) {
    throw new Error(`OpenAPI document not found at ${file}: run \`make openapi\` first, or set OPENAPI_JSON`)
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

/** Follow a local "#/..." reference inside the document. */
function resolvePointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`)
  return ref.slice(2).split('/').reduce((node, part) => {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node === undefined || node === null || !(key in node)) throw new Error(`unresolvable $ref ${ref}`)
    return node[key]
  }, doc)
}

function deref(doc, node) {
  let current = node
  const seen = new Set()
  while (current && current.$ref) {
    if (seen.has(current.$ref)) throw new Error(`circular $ref ${current.$ref}`)
    seen.add(current.$ref)
    current = resolvePointer(doc, current.$ref)
  }
  return current
}

/** The base path of servers[0].url (e.g. "/api/v1"), or ''. */
function serverBasePath(doc) {
  const url = doc.servers && doc.servers[0] && doc.servers[0].url
  if (!url) return ''
  const m = /^(?:[a-z]+:\/\/[^/]+)?(\/.*)?$/i.exec(url)
  return m && m[1] ? m[1].replace(/\/$/, '') : ''
}

function templateToRegExp(template) {
  const escaped = template.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${escaped.join('[^/]+')}$`)
}

/**
 * The query parameters of a request path must be documented parameters of its operation
 * ("in: query"); throws naming the first that is not.
 */
function checkQuery(doc, op, method, key, query) {
  const documented = (op.parameters || []).map((p) => deref(doc, p)).filter((p) => p.in === 'query').map((p) => p.name)
  new URLSearchParams(query).forEach((_value, name) => {
    if (documented.indexOf(name) < 0) throw new Error(`${method.toUpperCase()} ${key} has no query parameter ${name}`)
  })
}

/** Find the operation for a concrete request path (a query string is checked too) and method; throws if missing. */
function findOperation(doc, method, requestPath) {
  const [urlPath, query] = requestPath.split('?')
  const found = findPathOperation(doc, method, urlPath)
  if (query) checkQuery(doc, found.op, method, found.key, query)
  return found
}

function findPathOperation(doc, method, urlPath) {
  const base = serverBasePath(doc)
  const candidates = [urlPath]
  if (base && urlPath.startsWith(base)) candidates.push(urlPath.slice(base.length) || '/')
  const paths = doc.paths || {}
  for (const candidate of candidates) {
    const key = Object.keys(paths).find((p) => p === candidate)
      || Object.keys(paths).find((p) => templateToRegExp(p).test(candidate))
    if (key) {
      const op = deref(doc, paths[key])[method.toLowerCase()]
      if (op) return { key, op }
    }
  }
  throw new Error(`the OpenAPI document has no operation ${method.toUpperCase()} ${urlPath}`)
}

/** OpenAPI 3.0 "nullable: true" → JSON Schema type [..., "null"] (in a copy). */
function convertNullable(node) {
  if (Array.isArray(node)) return node.map(convertNullable)
  if (!node || typeof node !== 'object') return node
  const out = {}
  Object.keys(node).forEach((k) => { out[k] = convertNullable(node[k]) })
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null']
  return out
}

function newAjv() {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addFormat('binary', true) // OpenAPI's file content: any string stands for the bytes
  return ajv
}

/**
 * A validator for a schema that lives in the document; its $refs into
 * components are resolved by giving Ajv the whole document as one schema.
 */
function compileAt(doc, pointer) {
  const ajv = newAjv()
  const converted = convertNullable(doc)
  delete converted.$schema
  delete converted.$id
  ajv.addSchema(converted, 'openapi.json')
  return ajv.compile({ $ref: `openapi.json#${pointer}` })
}

function escapePointer(s) {
  return s.replace(/~/g, '~0').replace(/\//g, '~1')
}

function jsonSchemaPointer(content) {
  if (!content) return null
  const type = Object.keys(content).find((t) => /^application\/([a-z.+-]*\+)?json/.test(t))
  return type ? `/content/${escapePointer(type)}/schema` : null
}

/** Validator of the JSON requestBody of an operation; throws when it has none. */
function requestValidator(doc, method, urlPath) {
  const { key, op } = findOperation(doc, method, urlPath)
  if (!op.requestBody) throw new Error(`${method} ${key} has no requestBody`)
  let base = `#/paths/${escapePointer(key)}/${method.toLowerCase()}/requestBody`
  if (op.requestBody.$ref) base = op.requestBody.$ref
  const requestBody = deref(doc, op.requestBody)
  const pointer = jsonSchemaPointer(requestBody.content)
  if (!pointer) throw new Error(`${method} ${key} has no JSON requestBody schema`)
  return compileAt(doc, base.slice(1) + pointer)
}

/**
 * Validator of the multipart/form-data requestBody of an operation (wx.uploadFile):
 * validate {...formData, [name]: '<file>'}. Throws when the operation has none.
 */
function multipartValidator(doc, method, urlPath) {
  const { key, op } = findOperation(doc, method, urlPath)
  if (!op.requestBody) throw new Error(`${method} ${key} has no requestBody`)
  let base = `#/paths/${escapePointer(key)}/${method.toLowerCase()}/requestBody`
  if (op.requestBody.$ref) base = op.requestBody.$ref
  const requestBody = deref(doc, op.requestBody)
  if (!requestBody.content || !requestBody.content['multipart/form-data']) {
    throw new Error(`${method} ${key} has no multipart/form-data requestBody`)
  }
  return compileAt(doc, `${base.slice(1)}/content/${escapePointer('multipart/form-data')}/schema`)
}

/**
 * Check one request the pages made (a FakeServer call) against the document:
 * - multipart (wx.uploadFile): the operation's multipart schema, the file as a string;
 * - with a JSON body: the operation's JSON requestBody schema;
 * - without a body (GET, DELETE, bodiless POST): the operation must exist.
 * Throws with the reason when it does not conform.
 */
function checkCall(doc, call) {
  let validate
  let body
  if (call.multipart) {
    validate = multipartValidator(doc, call.method, call.path)
    body = { ...call.formData, [call.name]: '<file>' }
  } else if (call.data === undefined) {
    findOperation(doc, call.method, call.path)
    return
  } else {
    validate = requestValidator(doc, call.method, call.path)
    body = call.data
  }
  if (!validate(body)) {
    throw new Error(`${call.method} ${call.path} body ${JSON.stringify(body)} does not validate: ${describeErrors(validate)}`)
  }
}

/** Validator of a JSON response of an operation, or null when it documents none. */
function responseValidator(doc, method, urlPath, status) {
  const { key, op } = findOperation(doc, method, urlPath)
  const responses = op.responses || {}
  const code = String(status) in responses ? String(status) : (`${String(status)[0]}XX` in responses ? `${String(status)[0]}XX` : null)
  if (!code) return null
  let base = `#/paths/${escapePointer(key)}/${method.toLowerCase()}/responses/${code}`
  if (responses[code].$ref) base = responses[code].$ref
  const pointer = jsonSchemaPointer(deref(doc, responses[code]).content)
  return pointer ? compileAt(doc, base.slice(1) + pointer) : null
}

function describeErrors(validate) {
  return (validate.errors || []).map((e) => `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`).join('; ')
}

module.exports = {
  openapiPath,
  loadDocument,
  findOperation,
  requestValidator,
  multipartValidator,
  checkCall,
  responseValidator,
  describeErrors,
}
