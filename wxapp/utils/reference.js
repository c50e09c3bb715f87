/**
 * Reference data from the server, fetched once per app run:
 * - the form's choice lists (GET /api/v1/reference/options);
 * - the specialty catalog, category A 工程 (GET /api/v1/reference/specialties),
 *   with a code index for the picker and the summaries.
 */
const api = require('./api')

let optionsPromise = null
let catalogPromise = null

function once(load, clear) {
  return load().catch((err) => {
    clear()
    throw err
  })
}

function getOptions() {
  if (!optionsPromise) {
    optionsPromise = once(api.getOptions, () => { optionsPromise = null })
  }
  return optionsPromise
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
  if (!catalogPromise) {
    catalogPromise = once(() => api.getSpecialtyCatalog().then(indexCatalog), () => { catalogPromise = null })
  }
  return catalogPromise
}

/** "A0401 建筑工程" (or the bare code when the catalog does not know it). */
function labelOf(catalog, code) {
  const node = catalog && catalog.byCode[code]
  return node ? `${node.code} ${node.name}` : String(code)
}

module.exports = {
  getOptions,
  getCatalog,
  indexCatalog,
  labelOf,
}
