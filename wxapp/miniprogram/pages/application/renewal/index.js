/**
 * 续聘信息: 新增 (first application) or 续聘 (renewal of an earlier term). Choosing
 * 续聘 when the server offers it (renewal.renewal_available) asks whether to prefill
 * the form from the earlier approved application (POST renewal-prefill).
 */
const api = require('../../../utils/api')
const sectionBehavior = require('../../../behaviors/application-section')
const { confirm } = require('../../../utils/nav')

Component({
  behaviors: [sectionBehavior],

  data: {
    section: 'renewal',
    prefilled: false,
    prefilling: false,
  },

  methods: {
    onLoad(options) {
      return this.sectionLoad(options)
    },

    onShow() {
      return this.sectionShow()
    },

    async onChooseKind(e) {
      if (!this.data.editable || this.data.prefilling) return
      const { value } = e.currentTarget.dataset
      this.setData({ 'form.kind': value, 'errors.kind': '', dirty: true })
      if (value !== 'renewal' || !this.data.form.renewal_available || this.data.prefilled) return
      const ok = await confirm('续聘预填', '是否用您以往审核通过的申报资料预填本次申报？预填后请逐项核对并保存。')
      if (ok) await this.prefill()
    },

    async prefill() {
      this.setData({ prefilling: true, busy: true })
      try {
        const application = await api.renewalPrefill()
        this.applyApplication(application, false)
        this.setData({ prefilled: true, 'form.kind': 'renewal', dirty: true })
        wx.showToast({ title: '已预填，请核对', icon: 'success' })
      } catch (err) {
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
      } finally {
        this.setData({ prefilling: false, busy: false })
      }
    },
  },
})
