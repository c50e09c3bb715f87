/**
 * 回避单位及情况说明: organisations the expert must not evaluate (full name, credit
 * code, description); add / edit / remove, each item through its own endpoint.
 * A credit-code checksum warning is confirmed per unit (我确认信用代码无误).
 */
const api = require('../../../utils/api')
const sectionBehavior = require('../../../behaviors/application-section')
const listEditor = require('../../../behaviors/list-editor')

Component({
  behaviors: [sectionBehavior, listEditor],

  data: {
    section: 'avoidance_units',
    rows: [],
  },

  methods: {
    onLoad(options) {
      return this.sectionLoad(options)
    },

    onShow() {
      return this.sectionShow()
    },

    listConfig() {
      return {
        list: 'avoidance_units',
        noun: '回避单位',
        fields: {
          name: 'text', credit_code: 'text', credit_code_confirmed: 'bool', description: 'text',
        },
        create: api.addAvoidanceUnit,
        update: api.updateAvoidanceUnit,
        remove: api.deleteAvoidanceUnit,
      }
    },

    onApplication(application) {
      const items = (this.data.itemErrors && this.data.itemErrors.avoidance_units) || {}
      const warnings = application.warnings || []
      const rows = (application.avoidance_units || []).map((u, i) => {
        const warning = warnings.find((w) => w.field === `avoidance_units[${i}].credit_code`)
        return {
          id: u.id,
          index: i,
          name: u.name || '',
          credit_code: u.credit_code || '',
          description: u.description || '',
          confirmed: u.credit_code_confirmed === true,
          warning: warning ? warning.message : '',
          errors: items[i] || {},
          note: (this.data.itemNotes || {})[`avoidance_units-${i}`] || '',
        }
      })
      this.setData({ rows })
    },

    /** The credit code in the editor: upper-case; a changed code must be confirmed again. */
    onEditorCreditCode(e) {
      const value = String(e.detail.value || '').toUpperCase()
      this.setData({
        'editor.values.credit_code': value,
        'editor.values.credit_code_confirmed': false,
        'editor.errors.credit_code': '',
      })
      return value
    },

    /** 我确认信用代码无误 on a saved unit with a checksum warning. */
    async onConfirmCreditCode(e) {
      if (!this.data.editable) return
      const index = Number(e.currentTarget.dataset.index)
      const row = this.data.rows[index]
      if (!row) return
      try {
        const application = await api.updateAvoidanceUnit(row.id, { credit_code_confirmed: !row.confirmed })
        this.applyApplication(application, false)
      } catch (err) {
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
      }
    },
  },
})
