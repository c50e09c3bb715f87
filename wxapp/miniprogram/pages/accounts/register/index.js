/**
 * Register an account: username, password (twice), phone and its SMS code, and consent to the
 * user agreement and the privacy policy (their texts and versions come from the server; the
 * versions agreed to are sent along and recorded). A pending WeChat bind ticket is sent along, so
 * the new account is bound.
 */
const api = require('../../../utils/api')
const session = require('../../../utils/session')
const reference = require('../../../utils/reference')
const validate = require('../../../utils/validate')
const { PAGES, leaveAccountPages } = require('../../../utils/nav')
const smsBehavior = require('../../../behaviors/sms-code')

const CONSENT_REQUIRED = '请先阅读并勾选同意《用户协议》和《隐私政策》'

Component({
  behaviors: [smsBehavior],

  data: {
    form: {
      username: '',
      password: '',
      confirm_password: '',
      phone: '',
      sms_code: '',
    },
    smsPurpose: 'register',
    bindRequired: false,
    agreed: false,
  },

  methods: {
    onLoad() {
      this.setData({ bindRequired: !!session.getBindTicket() })
    },

    onToggleAgreed() {
      this.setData({ agreed: !this.data.agreed, 'errors.agreed': '' })
    },

    onOpenLegal(e) {
      wx.navigateTo({ url: `${PAGES.legal}?key=${e.currentTarget.dataset.key}` })
    },

    /** {user-agreement: version, privacy-policy: version} of the texts the page links to. */
    async agreedVersions() {
      const index = await reference.getLegalIndex()
      const versions = {}
      index.documents.forEach((d) => { versions[d.key] = d.version })
      return versions
    },

    async onSubmit() {
      if (this.data.submitting) return undefined
      const { form } = this.data
      const values = {
        username: validate.trim(form.username),
        password: form.password,
        confirm_password: form.confirm_password,
        ...this.smsValues(),
      }
      const errors = validate.validateFields(values, {
        username: (v) => validate.username(v),
        password: (v) => validate.password(v),
        confirm_password: (v, all) => validate.confirmPassword(v, all.password),
        ...validate.smsRules(),
      })
      if (!this.data.agreed) errors.agreed = CONSENT_REQUIRED
      if (!this.applyClientErrors(errors)) return undefined

      return this.runSubmit(async () => {
        const body = session.withBindTicket({
          username: values.username,
          password: values.password,
          phone: values.phone,
          sms_code: values.sms_code,
          agreed_versions: await this.agreedVersions(),
        })
        const res = await api.register(body)
        session.saveSession(res)
        session.clearBindTicket()
        wx.showToast({ title: '注册成功', icon: 'success' })
        leaveAccountPages()
      }, (err) => {
        if (session.dropRefusedBindTicket(err)) this.setData({ bindRequired: false })
        if (err.fields && err.fields.agreed_versions) this.setData({ agreed: false })
      })
    },

    onGoLogin() {
      wx.navigateBack({ delta: 1, fail: () => wx.redirectTo({ url: PAGES.login }) })
    },
  },
})
