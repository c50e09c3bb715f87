/**
 * Reference data from the server, fetched once per app run:
 * - the form's choice lists (GET /api/v1/reference/options);
 * - the specialty catalog, category A 工程 (GET /api/v1/reference/specialties),
 *   with a code index for the picker and the summaries;
 * - the form's rules (GET /api/v1/reference/rules: how many specialties a set may hold);
 * - the upload limits (GET /api/v1/files/limits), checked before a file is sent;
 * - the hotlines and the legal texts' versions (GET /api/v1/legal).
 * The mini-program keeps no copy of any of them.
 */
const api = require('./api')

const cache = {}

/** Load once per app run; a failed load is tried again next time. */
function once(key, load) {
  if (!cache[key]) {
    cache[key] = load().catch((err) => {
      delete cache[key]
      throw err
    })
  }
  return cache[key]
}

function getOptions() {
  return once('options', api.getOptions)
}

function getFormRules() {
  return once('rules', api.getFormRules)
}

/** {kind: limits} of GET /files/limits. */
function getUploadLimits() {
  return once('limits', () => api.getUploadLimits().then((body) => {
    const byKind = {}
    ;((body && body.kinds) || []).forEach((k) => { byKind[k.kind] = k })
    return byKind
  }))
}

/** {documents, contacts} of GET /legal. */
function getLegalIndex() {
  return once('legal', api.getLegalIndex)
}

/**
 * Index a catalog tree: {edition, roots, byCode} where each entry is
 * {code, name, level, closed, blocked, parent, children: [codes], hasChildren}.
 * `blocked` is true when the node or one of its ancestors is closed (grey).
 */
function indexCatalog(body) {
  const byCode = {}
  const walk = (nodes, parent, parentBlocked) => (nodes || []).map((n) => {
    const blocked = !!n.closed || parentBlocked
    const children = walk(n.children, n.code, blocked)
    byCode[n.code] = {
      code: n.code,
      name: n.name,
      level: n.level,
      closed: !!n.closed,
      blocked,
      parent: parent || null,
      children,
      hasChildren: children.length > 0,
    }
    return n.code
  })
  const roots = walk((body && body.tree) || [], null, false)
  return { edition: (body && body.edition) || '', roots, byCode }
}

function getCatalog() {
  return once('catalog', () => api.getSpecialtyCatalog().then(indexCatalog))
}

/** "A0401 建筑工程" (or the bare code when the catalog does not know it). */
function labelOf(catalog, code) {
  const node = catalog && catalog.byCode[code]
  return node ? `${node.code} ${node.name}` : String(code)
}

module.exports = {
  getOptions,
  getFormRules,
  getUploadLimits,
  getLegalIndex,
  getCatalog,
  indexCatalog,
  labelOf,
}
