/**
 * 网上缴费 (seed part 三): why and from when one may pay, the invoice title and the email it is
 * sent to, then the fee — in the mini-program (wx.requestPayment with the server's signed
 * parameters) or by QR code for another phone, with the expert number printed beside the code as
 * the seed has the payer check it. After paying, "支付结果确认中" while the server asks WeChat Pay;
 * a cancel or a failure is explained. Once paid: the receipt (缴费凭证) and, once issued, the
 * invoices, opened with wx.downloadFile + wx.openDocument.
 *
 * Everything the page may offer comes from GET …/payment (the lifecycle's `pay` entry, whether the
 * title may still be changed); utils/payment.js has the rules of the page itself.
 */
const api = require('../../utils/api')
const device = require('../../utils/device')
const payment = require('../../utils/payment')
const formBehavior = require('../../behaviors/form')

Component({
  behaviors: [formBehavior],

  data: {
    loading: true,
    loadError: '',
    view: null,
    status: null,
    form: {},
    titleKinds: payment.TITLE_KINDS,
    unitKinds: payment.UNIT_KINDS,
    editingTitle: false,
    savingTitle: false,
    paying: false,
    confirming: false,
    message: '',
    qr: null,
    invoices: [],
    opening: false,
  },

  methods: {
    onLoad() {
      return undefined
    },

    onShow() {
      return this.refresh()
    },

    async onPullDownRefresh() {
      await this.refresh()
      wx.stopPullDownRefresh()
    },

    async refresh() {
      let view
      try {
        view = await api.getPayment()
      } catch (err) {
        this.setData({ loading: false, loadError: err.message })
        return
      }
      this.show(view)
    },

    show(view) {
      const open = view.open_order
      this.setData({
        loading: false,
        loadError: '',
        view,
        status: payment.payStatus(view),
        form: this.data.editingTitle ? this.data.form : payment.invoiceForm(view),
        editingTitle: this.data.editingTitle || (!view.invoice_request && view.invoice_request_editable),
        qr: open && open.channel === 'native' && open.qr_png_base64 ? open : null,
        invoices: payment.invoiceRows(view),
      })
    },

    onChooseTitleKind(e) {
      const kind = e.currentTarget.dataset.value
      if (kind === this.data.form.title_kind) return
      const suggested = payment.suggestedTitle(this.data.view, kind)
      this.setData({
        'form.title_kind': kind, 'form.title': suggested.title, 'form.taxpayer_number': suggested.taxpayer_number, errors: {},
      })
    },

    onChooseUnitKind(e) {
      this.setData({ 'form.unit_kind': e.currentTarget.dataset.value, 'errors.taxpayer_number': '', 'errors.unit_kind': '' })
    },

    onToggleEmailConfirmed() {
      this.setData({ 'form.email_confirmed': !this.data.form.email_confirmed, 'errors.email_confirmed': '' })
    },

    onEditTitle() {
      this.setData({ editingTitle: true })
    },

    async onSaveTitle() {
      if (this.data.savingTitle) return
      this.setData({ savingTitle: true })
      try {
        const view = await api.saveInvoiceRequest(payment.invoiceBody(this.data.form))
        this.setData({ editingTitle: false, errors: {}, formError: '' })
        this.show(view)
        wx.showToast({ title: '发票信息已保存', icon: 'success' })
      } catch (err) {
        this.showApiError(err)
      } finally {
        this.setData({ savingTitle: false })
      }
    },

    ready() {
      const { status, view } = this.data
      if (!status || !status.allowed || this.data.paying) return false
      if (!view.invoice_request || this.data.editingTitle) {
        this.setData({ message: '请先填写并保存发票信息（确认电子邮箱），再缴费' })
        return false
      }
      return true
    },

    /** 微信支付: the order for this phone, then WeChat's own payment sheet. */
    async onPayInApp() {
      if (!this.ready()) return
      this.setData({ paying: true, message: '' })
      let order
      try {
        order = await api.startPayment('jsapi')
      } catch (err) {
        this.setData({ paying: false, message: err.message })
        if (err.status === 409) await this.refresh()
        return
      }
      try {
        await payment.requestPayment(order.request_payment)
      } catch (err) {
        this.setData({ paying: false, message: payment.failureOf(err).message })
        return
      }
      this.setData({ paying: false })
      await this.confirm(order.out_trade_no)
    },

    /** 扫码支付: a QR code (with the expert number) to pay from another phone. */
    async onPayByQr() {
      if (!this.ready()) return
      this.setData({ paying: true, message: '' })
      try {
        const order = await api.startPayment('native')
        this.setData({ qr: order })
      } catch (err) {
        this.setData({ message: err.message })
        if (err.status === 409) await this.refresh()
      } finally {
        this.setData({ paying: false })
      }
    },

    onQrPaid() {
      if (this.data.qr) return this.confirm(this.data.qr.out_trade_no)
      return undefined
    },

    async confirm(outTradeNo) {
      this.setData({ confirming: true, message: payment.CONFIRMING })
      let order = null
      try {
        order = await payment.confirmPaid(api.checkOrder, outTradeNo)
      } catch (err) {
        this.setData({ confirming: false, message: err.message })
        return
      }
      this.setData({ confirming: false })
      if (order && order.state === 'paid') {
        this.setData({ message: '缴费成功，缴费凭证已发送至您的邮箱', qr: null })
        wx.showToast({ title: '缴费成功', icon: 'success' })
      } else if (order && order.state === 'closed') {
        this.setData({ message: '订单已关闭，请重新发起缴费', qr: null })
      } else {
        this.setData({ message: payment.CONFIRM_LATER })
      }
      await this.refresh()
    },

    async open(download) {
      if (this.data.opening) return
      this.setData({ opening: true })
      try {
        const filePath = await download()
        await device.openPdf(filePath)
      } catch (err) {
        device.tellFailure(err, '无法打开文件，请稍后重试')
      } finally {
        this.setData({ opening: false })
      }
    },

    onOpenReceipt() {
      return this.open(() => api.downloadReceipt())
    },

    onOpenInvoice(e) {
      const invoice = this.data.invoices[Number(e.currentTarget.dataset.index)]
      if (invoice && invoice.openable) return this.open(() => api.downloadInvoice(invoice.id))
      return undefined
    },

    onCallHotline() {
      const phone = this.data.view && this.data.view.hotline
      if (phone) device.callPhone(phone).catch((err) => device.tellFailure(err))
    },
  },
})
