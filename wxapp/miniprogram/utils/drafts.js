/**
 * Unsaved section input kept on the phone (wx storage) as it is typed, so that a crash, a killed
 * app or a back tap loses nothing: the section page offers it back next time. One entry per
 * application and section: {form, savedAt (ms)}. Storage failing (full) only loses this safety net.
 */
const PREFIX = 'section_draft'

function keyOf(applicationId, section) {
  return `${PREFIX}:${applicationId}:${section}`
}

function save(applicationId, section, form) {
  try {
    wx.setStorageSync(keyOf(applicationId, section), { form, savedAt: Date.now() })
  } catch (e) {
    // The alert before leaving still protects the input.
  }
}

/** The kept input, or null. */
function load(applicationId, section) {
  const stored = wx.getStorageSync(keyOf(applicationId, section))
  return stored && stored.form ? stored : null
}

function clear(applicationId, section) {
  wx.removeStorageSync(keyOf(applicationId, section))
}

module.exports = {
  PREFIX, keyOf, save, load, clear,
}
