/**
 * One section page of the application form (基本信息, 资格信息 …).
 *
 * The page sets data.section (a key of utils/application.js SECTIONS) and calls
 * sectionLoad(options) from onLoad and sectionShow() from onShow. It gets:
 * - data.application, data.editable (false once submitted: everything read-only);
 * - data.form: the section's inputs; data.uploads: {fileField: {id, name, size}};
 * - data.errors: {field: message}, data.itemErrors: {list: {index: {key: message}}},
 *   data.general: messages of the section as a whole, shown with <field-error>;
 * - data.focusField: the field the completeness list jumped to (focused, scrolled to);
 * - data.notes: {field: note}, data.itemNotes: {"certificates-0": note}, data.generalNotes: the
 *   reviewer's notes (审核意见) of the latest rejection, shown with <review-note> under each field
 *   (they stay while the applicant withdraws and edits, until a reviewer decides again);
 * - onInput / onChoose / onPick* handlers, onSave (PATCH of exactly the section's
 *   fields), onUploaded (PATCH of the uploaded file's id).
 * Optional page hooks: onApplication(application) after every read or write.
 *
 * Opened from the completeness list as ?field=basic.id_number&message=…: the message
 * shows under the field at once, the section's other problems are fetched, and the
 * page scrolls to the field.
 */
const api = require('../utils/api')
const appForm = require('../utils/application')
const review = require('../utils/review')
const { decodeOption: decode } = require('../utils/nav')
const formBehavior = require('./form')

module.exports = Behavior({
  behaviors: [formBehavior],

  data: {
    loading: true,
    loadError: '',
    application: null,
    editable: false,
    form: {},
    uploads: {},
    itemErrors: {},
    general: [],
    notes: {},
    itemNotes: {},
    generalNotes: [],
    focusField: '',
    saving: false,
    dirty: false,
  },

  methods: {
    sectionConfig() {
      return appForm.section(this.data.section)
    },

    async sectionLoad(options) {
      const opts = options || {}
      const field = decode(opts.field)
      const message = decode(opts.message)
      await this.reloadApplication(true)
      this._loaded = true
      if (field) await this.jumpToField(field, message)
    },

    /** On a later show (back from a desktop upload, the app in front again): read again. */
    sectionShow() {
      if (!this._loaded) return undefined
      return this.reloadApplication(false)
    },

    async reloadApplication(replace) {
      try {
        const application = await api.getApplication()
        this.applyApplication(application, replace)
        this.setData({ loading: false, loadError: '' })
      } catch (err) {
        this.setData({ loading: false, loadError: err.message })
      }
    },

    /**
     * Show an application. replace=false keeps unsaved edits of the inputs and takes
     * only the files (they may have arrived from a computer meanwhile).
     */
    applyApplication(application, replace) {
      const config = this.sectionConfig()
      const fresh = appForm.formOf(application, config.key)
      let form = fresh
      if (!replace && this.data.dirty) {
        form = { ...this.data.form }
        Object.keys(config.files).concat(config.readOnly || []).forEach((f) => { form[f] = fresh[f] })
      }
      const uploads = {}
      Object.keys(config.files).forEach((f) => { uploads[f] = appForm.fileInfo(application, form[f]) })
      const { notes, itemNotes, generalNotes } = review.sectionNotes(application, config.key)
      this.setData({
        application,
        editable: application.editable !== false,
        form,
        uploads,
        notes,
        itemNotes,
        generalNotes,
        dirty: replace ? false : this.data.dirty,
      })
      if (typeof this.onApplication === 'function') this.onApplication(application)
    },

    /** Field messages of an error answer, addressed to this section when bare. */
    showSectionError(err) {
      const config = this.sectionConfig()
      const own = Object.keys(config.fields).concat(Object.keys(config.files))
      const fields = {}
      Object.keys((err && err.fields) || {}).forEach((name) => {
        const bare = !/[.[]/.test(name)
        fields[bare && own.indexOf(name) >= 0 ? `${config.key}.${name}` : name] = err.fields[name]
      })
      const found = appForm.sectionProblems(appForm.problemsFromFields(fields), config.key)
      const others = Object.keys(fields)
        .filter((name) => appForm.locate(name).section !== config.key)
        .map((name) => fields[name])
      this.setData({
        errors: found.errors,
        itemErrors: found.items,
        general: found.general.concat(others),
        formError: '',
      })
      if (typeof this.onApplication === 'function' && this.data.application) this.onApplication(this.data.application)
      wx.showToast({ title: (err && err.message) || '保存失败，请稍后重试', icon: 'none', duration: 2500 })
      // Submitted meanwhile (or past the deadline): show the form as it now is.
      if (err && err.status === 409) this.reloadApplication(false)
    },

    /** The completeness list sent the applicant here for one field. */
    async jumpToField(field, message) {
      const config = this.sectionConfig()
      const where = appForm.locate(field)
      if (where.section !== config.key) return
      const first = message ? [{ field, message, section: config.key }] : []
      this.showProblems(first, where)
      try {
        const answer = await api.getProblems()
        const problems = first.concat((answer && answer.problems) || [])
        this.showProblems(problems, where)
      } catch (err) {
        // The message passed along is enough to go on.
      }
      this.scrollToAnchor(where.anchor)
    },

    showProblems(problems, where) {
      const found = appForm.sectionProblems(problems, this.data.section)
      this.setData({
        errors: found.errors,
        itemErrors: found.items,
        general: found.general,
        focusField: where && !where.list ? where.field : '',
      })
      if (typeof this.onApplication === 'function' && this.data.application) this.onApplication(this.data.application)
    },

    scrollToAnchor(anchor) {
      if (!anchor || typeof wx.pageScrollTo !== 'function') return
      setTimeout(() => {
        wx.pageScrollTo({ selector: `#field-${anchor}`, duration: 300, offsetTop: -80 })
      }, 50)
    },

    /** Inputs: <input data-field="name" value="{{form.name}}" bindinput="onInput"/> */
    onInput(e) {
      const { field } = e.currentTarget.dataset
      this.setData({
        [`form.${field}`]: e.detail.value,
        [`errors.${field}`]: '',
        dirty: true,
      })
    },

    /** Choice buttons: <view data-field="gender" data-value="男" bindtap="onChoose"/>; data-bool for 是/否. */
    onChoose(e) {
      if (!this.data.editable) return
      const { field, value, bool } = e.currentTarget.dataset
      let v = value
      if (bool !== undefined) v = value === true || value === 'true'
      this.setData({ [`form.${field}`]: v, [`errors.${field}`]: '', dirty: true })
    },

    /** <picker range="{{list}}" data-field="education" data-list="education" bindchange="onPickOption"/> */
    onPickOption(e) {
      const { field, list, key } = e.currentTarget.dataset
      const items = this.pickerList(list)
      const item = items[Number(e.detail.value)]
      if (item === undefined) return
      const value = key ? item[key] : item
      this.setData({ [`form.${field}`]: value, [`errors.${field}`]: '', dirty: true })
      if (typeof this.onPicked === 'function') this.onPicked(field, value)
    },

    /** Pages with pickers keep their lists in data.lists. */
    pickerList(name) {
      return (this.data.lists && this.data.lists[name]) || []
    },

    /** <picker mode="date" fields="month" data-field="birth" bindchange="onPickValue"/> */
    onPickValue(e) {
      const { field } = e.currentTarget.dataset
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '', dirty: true })
    },

    /** 保存: PATCH exactly this section's fields (a draft may be half done). */
    async onSave() {
      if (!this.data.editable || this.data.saving) return
      const config = this.sectionConfig()
      const body = appForm.patchBody(config.key, this.data.form)
      this.setData({ saving: true })
      try {
        const application = await api.patchSection(config.key, body)
        this.applyApplication(application, true)
        this.setData({
          errors: {}, itemErrors: {}, general: [], focusField: '',
        })
        if (typeof this.onApplication === 'function') this.onApplication(application)
        wx.showToast({ title: '已保存', icon: 'success' })
      } catch (err) {
        this.showSectionError(err)
      } finally {
        this.setData({ saving: false })
      }
    },

    /** A <file-upload field="photo_file_id"> finished: PATCH the section with the file's id. */
    async onUploaded(e) {
      const { field, id } = e.detail || {}
      if (!field) return
      const config = this.sectionConfig()
      try {
        const application = await api.patchSection(config.key, { [field]: id })
        this.applyApplication(application, false)
        this.setData({ [`errors.${field}`]: '' })
        wx.showToast({ title: '上传成功', icon: 'success' })
      } catch (err) {
        this.showSectionError(err)
      }
    },
  },
})
