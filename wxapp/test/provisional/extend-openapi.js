#!/usr/bin/env node
/**
 * Add the PROVISIONAL application operations (openapi-application.js) to an OpenAPI
 * document — only the paths, methods and schemas it does not document yet, so the
 * server's own generator always wins.
 *
 *   node test/provisional/extend-openapi.js [../build/openapi.json]
 *
 * `make openapi` rewrites the document from the server; run this again afterwards
 * only if the server does not document these operations yet.
 */
const fs = require('fs')
const path = require('path')
const { paths, schemas } = require('./openapi-application')

const target = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', '..', 'build', 'openapi.json'))
const doc = JSON.parse(fs.readFileSync(target, 'utf8'))
doc.paths = doc.paths || {}
doc.components = doc.components || {}
doc.components.schemas = doc.components.schemas || {}

const added = []
Object.keys(paths).forEach((p) => {
  doc.paths[p] = doc.paths[p] || {}
  Object.keys(paths[p]).forEach((method) => {
    if (!doc.paths[p][method]) {
      doc.paths[p][method] = { ...paths[p][method], 'x-provisional': true }
      added.push(`${method.toUpperCase()} ${p}`)
    }
  })
})
Object.keys(schemas).forEach((name) => {
  if (!doc.components.schemas[name]) {
    doc.components.schemas[name] = schemas[name]
    added.push(`schema ${name}`)
  }
})
if (!doc.tags) doc.tags = []
;['applications', 'files', 'reference'].forEach((name) => {
  if (!doc.tags.find((t) => t.name === name)) doc.tags.push({ name, description: '（暂定，待服务端生成）' })
})
fs.writeFileSync(target, `${JSON.stringify(doc, null, 2)}\n`)
process.stdout.write(`${target}: added ${added.length}\n${added.map((a) => `  ${a}`).join('\n')}\n`)
