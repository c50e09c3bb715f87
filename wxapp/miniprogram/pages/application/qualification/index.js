/**
 * 资格信息: profession category (level 1 / level 2 of the catalog), years in the
 * profession, professional qualification certificates (name, registration number, PDF
 * proof; add / edit / remove), work unit, its credit code (a checksum warning must be
 * confirmed: 我确认信用代码无误) and office phone.
 */
const api = require('../../../utils/api')
const appForm = require('../../../utils/application')
const reference = require('../../../utils/reference')
const sectionBehavior = require('../../../behaviors/application-section')
const listEditor = require('../../../behaviors/list-editor')

const CREDIT_FIELD = 'qualification.unit_credit_code'

function warningOf(application, field) {
  const found = ((application && application.warnings) || []).find((w) => w.field === field)
  return found ? found.message : ''
}

Component({
  behaviors: [sectionBehavior, listEditor],

  data: {
    section: 'qualification',
    catalog: null,
    lists: { level1: [], level2: [] },
    display: { profession_level1: '', profession_level2: '' },
    pickerIndex: { profession_level1: 0, profession_level2: 0 },
    rows: [],
    creditWarning: '',
  },

  observers: {
    'form.profession_level1, form.profession_level2, catalog': function update(level1, level2, catalog) {
      if (!catalog) return
      const nodeOf = (code) => catalog.byCode[code]
      const toItem = (code) => ({ code, label: reference.labelOf(catalog, code) })
      const level1List = catalog.roots.map(toItem)
      const parent = nodeOf(level1)
      const level2List = parent ? parent.children.map(toItem) : []
      const i1 = level1List.findIndex((x) => x.code === level1)
      const i2 = level2List.findIndex((x) => x.code === level2)
      this.setData({
        lists: { level1: level1List, level2: level2List },
        display: {
          profession_level1: level1 ? reference.labelOf(catalog, level1) : '',
          profession_level2: level2 ? reference.labelOf(catalog, level2) : '',
        },
        pickerIndex: { profession_level1: i1 < 0 ? 0 : i1, profession_level2: i2 < 0 ? 0 : i2 },
      })
    },
  },

  methods: {
    onLoad(options) {
      this.loadCatalog()
      return this.sectionLoad(options)
    },

    onShow() {
      return this.sectionShow()
    },

    async loadCatalog() {
      try {
        this.setData({ catalog: await reference.getCatalog() })
      } catch (err) {
        this.setData({ loadError: err.message })
      }
    },

    listConfig() {
      return {
        list: 'certificates',
        noun: '证书',
        fields: { name: 'text', registration_number: 'text', proof_file_id: 'file' },
        create: api.addCertificate,
        update: api.updateCertificate,
        remove: api.deleteCertificate,
      }
    },

    /** After every read or write: the certificate rows and the credit-code warning. */
    onApplication(application) {
      const items = (this.data.itemErrors && this.data.itemErrors.certificates) || {}
      const rows = (application.certificates || []).map((c, i) => ({
        id: c.id,
        index: i,
        name: c.name || '',
        registration_number: c.registration_number || '',
        file: appForm.fileInfo(application, c.proof_file_id),
        errors: items[i] || {},
        note: (this.data.itemNotes || {})[`certificates-${i}`] || '',
      }))
      const updates = { rows, creditWarning: warningOf(application, CREDIT_FIELD) }
      // A proof that arrived from a computer while the item's editor is open.
      const { editor } = this.data
      if (editor && editor.id !== null && editor.values.proof_file_id === null) {
        const item = (application.certificates || []).find((c) => c.id === editor.id)
        if (item && item.proof_file_id !== null && item.proof_file_id !== undefined) {
          updates['editor.values.proof_file_id'] = item.proof_file_id
          updates['editor.files.proof_file_id'] = appForm.fileInfo(application, item.proof_file_id)
        }
      }
      this.setData(updates)
    },

    /** A new level 1 drops a level 2 that is not under it. */
    onPicked(field, value) {
      if (field !== 'profession_level1' || !this.data.catalog) return
      const level2 = this.data.catalog.byCode[this.data.form.profession_level2]
      if (level2 && level2.parent !== value) this.setData({ 'form.profession_level2': '' })
    },

    /** The credit code is shown upper-case; a changed code must be confirmed again. */
    onCreditCodeInput(e) {
      const value = String(e.detail.value || '').toUpperCase()
      this.setData({
        'form.unit_credit_code': value,
        'form.unit_credit_code_confirmed': false,
        'errors.unit_credit_code': '',
        creditWarning: '',
        dirty: true,
      })
      return value
    },

    onToggleConfirmed() {
      if (!this.data.editable) return
      this.setData({ 'form.unit_credit_code_confirmed': !this.data.form.unit_credit_code_confirmed, dirty: true })
    },
  },
})
