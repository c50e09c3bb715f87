/**
 * A chosen file checked against the limits the server states (GET /api/v1/files/limits) before
 * anything is sent: its type by its extension, its size. The server still checks the content; this
 * spares an applicant on a slow line a 10 MB upload that would be refused.
 */
const { formatSize } = require('./application')

function mb(bytes) {
  return `${Math.round(bytes / 1024 / 1024)}MB`
}

/**
 * '' when the file may be sent, else what is wrong and what to do.
 * limits: one kind's entry of the server's answer; chosen: {size, extension}.
 */
function problemOf(limits, chosen) {
  if (!limits) return ''
  const ext = String(chosen.extension || '').toLowerCase()
  const sort = [limits.image, limits.pdf].find((l) => l && l.extensions.indexOf(ext) >= 0)
  if (!sort) {
    return `所选文件不是${limits.accepted}，${limits.label}须为${limits.accepted}。请重新选择。`
  }
  if (typeof chosen.size === 'number' && chosen.size > sort.max_bytes) {
    return `所选文件${formatSize(chosen.size)}，超过${mb(sort.max_bytes)}。请压缩后重新选择${sort === limits.pdf ? '，或用“电脑上传”' : ''}。`
  }
  return ''
}

/** The hint under an upload: the server's own sentence for the kind. */
function hintOf(limits) {
  return (limits && limits.explanation) || ''
}

module.exports = { problemOf, hintOf }
