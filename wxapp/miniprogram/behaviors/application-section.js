/**
 * One section page of the application form (基本信息, 资格信息 …).
 *
 * The page sets data.section (a key of utils/application.js SECTIONS) and calls
 * sectionLoad(options) from onLoad and sectionShow() from onShow. It gets:
 * - data.application, data.editable (the server offers the action edit; else read-only);
 * - data.form: the section's inputs; data.uploads: {fileField: {id, name, size}};
 * - data.errors: {field: message}, data.itemErrors: {list: {index: {key: message}}},
 *   data.general: messages of the section as a whole, shown with <field-error>;
 * - data.focusField: the field the completeness list jumped to (focused, scrolled to);
 * - data.notes / itemNotes / generalNotes: the reviewer's notes (审核意见) of the latest rejection;
 * - data.draftOffer: input kept on the phone from an earlier visit that was never saved (after a
 *   crash or a back tap): 恢复 puts it back, 放弃 forgets it. Every input is kept as it is typed
 *   (utils/drafts.js), and wx.enableAlertBeforeUnload asks before leaving with unsaved input;
 * - onSave (保存) and onSaveNext (保存并下一项): PUT of exactly the section's fields. The server
 *   stores every valid field and names the others in field_problems: each is shown under its
 *   field and keeps the typed value (and its draft); the rest is saved;
 * - onUploaded: a file is saved into its field as soon as it is uploaded.
 * Optional page hooks: onApplication(application) after every read or write.
 *
 * Opened from the completeness list as ?field=basic.id_number&message=…: the message
 * shows under the field at once, the section's other problems are fetched, and the
 * page scrolls to the field.
 */
const api = require('../utils/api')
const appForm = require('../utils/application')
const actions = require('../utils/actions')
const drafts = require('../utils/drafts')
const review = require('../utils/review')
const { formatBeijing } = require('../utils/time')
const { decodeOption: decode } = require('../utils/nav')
const formBehavior = require('./form')

const LEAVE_MESSAGE = '还有未保存的修改。离开后，下次打开本页可恢复这些内容。确定离开吗？'

/** The section's own input fields of a form (what a draft keeps and a save sends). */
function inputsOf(config, form) {
  const inputs = {}
  Object.keys(config.fields).forEach((f) => { inputs[f] = form[f] })
  return inputs
}

function sameInputs(config, a, b) {
  const body = (form) => JSON.stringify(appForm.saveBody(config.key, form))
  return body({ ...a }) === body({ ...b })
}

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
    busy: false, // the page is working on something else (a specialty check, a prefill)
    dirty: false,
    draftOffer: null,
    nextSection: null,
  },

  lifetimes: {
    detached() {
      this.allowLeaving()
    },
  },

  methods: {
    sectionConfig() {
      return appForm.section(this.data.section)
    },

    async sectionLoad(options) {
      const opts = options || {}
      const field = decode(opts.field)
      const message = decode(opts.message)
      this.setData({ nextSection: appForm.nextSection(this.data.section) })
      await this.reloadApplication(true)
      this._loaded = true
      this.offerDraft()
      if (field) await this.jumpToField(field, message)
    },

    /** Input kept from an earlier visit that differs from what the server has: offer it back. */
    offerDraft() {
      const { application, editable } = this.data
      if (!application || !editable) return
      const config = this.sectionConfig()
      const kept = drafts.load(application.id, config.key)
      if (!kept) return
      if (sameInputs(config, { ...this.data.form, ...kept.form }, this.data.form)) {
        drafts.clear(application.id, config.key)
        return
      }
      const savedText = formatBeijing(new Date(kept.savedAt).toISOString())
      this.setData({ draftOffer: { savedText } })
    },

    /** 恢复: the kept input over the saved values; it still has to be saved. */
    onRestoreDraft() {
      const { application } = this.data
      const kept = application && drafts.load(application.id, this.data.section)
      if (!kept) return
      const config = this.sectionConfig()
      this.setData({ form: { ...this.data.form, ...inputsOf(config, kept.form) }, draftOffer: null })
      this.markDirty()
      if (typeof this.onApplication === 'function') this.onApplication(application)
    },

    /** 放弃: forget the kept input. */
    onDiscardDraft() {
      const { application } = this.data
      if (application) drafts.clear(application.id, this.data.section)
      this.setData({ draftOffer: null })
    },

    /** Input changed: keep it on the phone, and ask before the page is left unsaved. */
    markDirty() {
      const { application } = this.data
      if (!application) return
      const config = this.sectionConfig()
      drafts.save(application.id, config.key, inputsOf(config, this.data.form))
      if (!this.data.dirty) this.setData({ dirty: true })
      if (!this._alerting) {
        this._alerting = true
        wx.enableAlertBeforeUnload({ message: LEAVE_MESSAGE })
      }
    },

    allowLeaving() {
      if (this._alerting) {
        this._alerting = false
        wx.disableAlertBeforeUnload()
      }
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
        editable: actions.isAllowed(application, 'edit'),
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
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' })
      this.markDirty()
    },

    /** Choice buttons: <view data-field="gender" data-value="男" bindtap="onChoose"/>; data-bool for 是/否. */
    onChoose(e) {
      if (!this.data.editable) return
      const { field, value, bool } = e.currentTarget.dataset
      let v = value
      if (bool !== undefined) v = value === true || value === 'true'
      this.setData({ [`form.${field}`]: v, [`errors.${field}`]: '' })
      this.markDirty()
    },

    /** <picker range="{{list}}" data-field="education" data-list="education" bindchange="onPickOption"/> */
    onPickOption(e) {
      const { field, list, key } = e.currentTarget.dataset
      const items = this.pickerList(list)
      const item = items[Number(e.detail.value)]
      if (item === undefined) return
      const value = key ? item[key] : item
      this.setData({ [`form.${field}`]: value, [`errors.${field}`]: '' })
      this.markDirty()
      if (typeof this.onPicked === 'function') this.onPicked(field, value)
    },

    /** Pages with pickers keep their lists in data.lists. */
    pickerList(name) {
      return (this.data.lists && this.data.lists[name]) || []
    },

    /** <picker mode="date" fields="month" data-field="birth" bindchange="onPickValue"/> */
    onPickValue(e) {
      const { field } = e.currentTarget.dataset
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' })
      this.markDirty()
    },

    /**
     * 保存: PUT exactly this section's fields (a draft may be half done). Resolves true when
     * every field was stored; fields the server did not store stay as typed, with their message.
     */
    async onSave() {
      if (!this.data.editable || this.data.saving) return false
      const config = this.sectionConfig()
      const typed = { ...this.data.form }
      this.setData({ saving: true })
      try {
        const answer = await api.saveSection(config.key, appForm.saveBody(config.key, typed))
        const refused = (answer && answer.field_problems) || {}
        this.applyApplication(answer, true)
        this.keepRefused(config, typed, refused)
        return Object.keys(refused).length === 0
      } catch (err) {
        this.showSectionError(err)
        return false
      } finally {
        this.setData({ saving: false })
      }
    },

    /** After a save: the refused fields keep what was typed (and their draft); the rest is saved. */
    keepRefused(config, typed, refused) {
      const fields = Object.keys(refused)
      const found = appForm.sectionProblems(appForm.problemsFromFields(refused), config.key)
      const { application } = this.data
      // Stored, but known now to stop the submit (the age from the ID number, an ID number already
      // submitted in this batch …): said under the field at once, not only at submit.
      const blocking = ((application && application.warnings) || []).filter((w) => w.severity === 'error')
      const known = appForm.sectionProblems(blocking, config.key)
      this.setData({
        errors: { ...known.errors, ...found.errors },
        itemErrors: found.items,
        general: found.general,
        focusField: '',
      })
      if (!fields.length) {
        drafts.clear(application.id, config.key)
        this.setData({ dirty: false })
        this.allowLeaving()
        wx.showToast({ title: '已保存', icon: 'success' })
      } else {
        const form = { ...this.data.form }
        fields.forEach((path) => {
          const where = appForm.locate(path, config.key)
          const top = where.field.split('.')[0]
          if (where.section === config.key && top in typed) form[top] = typed[top]
        })
        this.setData({ form })
        this.markDirty()
        wx.showToast({ title: `${fields.length}项未保存`, icon: 'none', duration: 2500 })
      }
      if (typeof this.onApplication === 'function') this.onApplication(application)
    },

    /** 保存并下一项: save, and when everything was stored open the next section in this one's place. */
    async onSaveNext() {
      const next = this.data.nextSection
      const saved = await this.onSave()
      if (saved && next) wx.redirectTo({ url: next.page })
    },

    /** A <file-upload field="photo_file_id"> finished: save the file's id into its field at once. */
    async onUploaded(e) {
      const { field, id } = e.detail || {}
      if (!field) return
      const config = this.sectionConfig()
      try {
        const answer = await api.saveSection(config.key, { [field]: id })
        const refused = (answer && answer.field_problems) || {}
        this.applyApplication(answer, false)
        const message = refused[`${config.key}.${field}`] || ''
        this.setData({ [`errors.${field}`]: message })
        if (message) wx.showToast({ title: '文件未保存', icon: 'none', duration: 2500 })
        else wx.showToast({ title: '上传成功', icon: 'success' })
      } catch (err) {
        this.showSectionError(err)
      }
    },
  },
})
