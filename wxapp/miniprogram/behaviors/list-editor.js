/**
 * A list inside a section (资格证书 certificates, 回避单位 avoidance units): add, edit
 * and remove items, each through its own endpoint, in an editor under the list.
 * Needs the application-section behaviour (applyApplication, data.editable).
 *
 * The page defines listConfig() → {list, noun, fields: {name: kind}, create(body),
 * update(id, body), remove(id)}; kinds as in utils/application.js (text, bool, file).
 * data.editor is null or {id, index, values, errors, files}.
 */
const appForm = require('../utils/application')
const { confirm } = require('../utils/nav')

/** "certificates[0].name" / "avoidance_units.credit_code" / "name" → "name". */
function lastSegment(field) {
  const parts = String(field).split(/[.\]]/).filter(Boolean)
  return parts.length ? parts[parts.length - 1].replace(/\[.*$/, '') : String(field)
}

module.exports = Behavior({
  data: {
    editor: null,
    editorSaving: false,
  },

  methods: {
    blankValues() {
      const { fields } = this.listConfig()
      const values = {}
      Object.keys(fields).forEach((f) => {
        if (fields[f] === 'bool') values[f] = false
        else if (fields[f] === 'file') values[f] = null
        else values[f] = ''
      })
      return values
    },

    editorFiles(values) {
      const { fields } = this.listConfig()
      const files = {}
      Object.keys(fields).forEach((f) => {
        if (fields[f] === 'file') files[f] = appForm.fileInfo(this.data.application, values[f])
      })
      return files
    },

    onAddItem() {
      if (!this.data.editable) return
      const values = this.blankValues()
      this.setData({
        editor: {
          id: null, index: -1, values, errors: {}, files: this.editorFiles(values),
        },
      })
    },

    onEditItem(e) {
      if (!this.data.editable) return
      const index = Number(e.currentTarget.dataset.index)
      const { list, fields } = this.listConfig()
      const item = (this.data.application[list] || [])[index]
      if (!item) return
      const values = this.blankValues()
      Object.keys(fields).forEach((f) => {
        const v = item[f]
        if (fields[f] === 'bool') values[f] = v === true
        else if (fields[f] === 'file') values[f] = v === undefined ? null : v
        else values[f] = v === null || v === undefined ? '' : String(v)
      })
      this.setData({
        editor: {
          id: item.id, index, values, errors: {}, files: this.editorFiles(values),
        },
      })
    },

    onCancelEditor() {
      this.setData({ editor: null })
    },

    onEditorInput(e) {
      const { field } = e.currentTarget.dataset
      this.setData({ [`editor.values.${field}`]: e.detail.value, [`editor.errors.${field}`]: '' })
    },

    onEditorToggle(e) {
      if (!this.data.editable || !this.data.editor) return
      const { field } = e.currentTarget.dataset
      this.setData({ [`editor.values.${field}`]: !this.data.editor.values[field] })
    },

    /** A file chosen inside the editor is kept until the item is saved. */
    onEditorUploaded(e) {
      const { field, id, file } = e.detail || {}
      if (!field || !this.data.editor) return
      this.setData({
        [`editor.values.${field}`]: id,
        [`editor.files.${field}`]: appForm.fileInfo({ files: { [String(id)]: file } }, id),
        [`editor.errors.${field}`]: '',
      })
    },

    editorBody() {
      const { fields } = this.listConfig()
      const { values } = this.data.editor
      const body = {}
      Object.keys(fields).forEach((f) => {
        body[f] = fields[f] === 'file' ? (values[f] === undefined ? null : values[f]) : appForm.normalizeValue(fields[f], values[f])
      })
      return body
    },

    async onSaveEditor() {
      const { editor } = this.data
      if (!editor || this.data.editorSaving || !this.data.editable) return
      const config = this.listConfig()
      const body = this.editorBody()
      this.setData({ editorSaving: true })
      try {
        const application = editor.id === null || editor.id === undefined
          ? await config.create(body)
          : await config.update(editor.id, body)
        this.setData({ editor: null })
        this.applyApplication(application, false)
        wx.showToast({ title: `${config.noun}已保存`, icon: 'success' })
      } catch (err) {
        const errors = {}
        const others = []
        Object.keys(err.fields || {}).forEach((name) => {
          const key = lastSegment(name)
          if (Object.prototype.hasOwnProperty.call(config.fields, key)) errors[key] = err.fields[name]
          else others.push(err.fields[name])
        })
        this.setData({ 'editor.errors': errors, general: others })
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
        if (err.status === 409) this.reloadApplication(false)
      } finally {
        this.setData({ editorSaving: false })
      }
    },

    async onDeleteItem(e) {
      if (!this.data.editable) return
      const index = Number(e.currentTarget.dataset.index)
      const config = this.listConfig()
      const item = (this.data.application[config.list] || [])[index]
      if (!item) return
      const ok = await confirm(`删除${config.noun}`, `确定删除“${item.name || config.noun}”吗？`)
      if (!ok) return
      try {
        const application = await config.remove(item.id)
        if (this.data.editor && this.data.editor.id === item.id) this.setData({ editor: null })
        this.applyApplication(application, false)
        wx.showToast({ title: '已删除', icon: 'success' })
      } catch (err) {
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
        if (err.status === 409) this.reloadApplication(false)
      }
    },
  },
})
