/**
 * One file of the application: what to upload (the example, and the server's own limits for the
 * kind), choose and upload with the upload's progress, the server's verdict, and for PDFs the
 * 电脑上传 way and the hint to send the PDF to 文件传输助手 first.
 *
 * <file-upload field="photo_file_id" kind="photo" accept="image" label="一寸免冠照"
 *   file="{{uploads.photo_file_id}}" error="{{errors.photo_file_id}}" disabled="{{!editable}}"
 *   bind:uploaded="onUploaded"/>
 *
 * - accept="image": the album or the camera; accept="pdf": a PDF from a chat (utils/device.js:
 *   every failure says in Chinese what happened and what to do).
 * - Before sending, the chosen file's type and size are checked against GET /api/v1/files/limits
 *   (utils/uploads.js): a file the server would refuse is not sent at all.
 * - Uploads with wx.uploadFile (POST /api/v1/files, field "file", formData {kind}); the server stores
 *   it at once. On success fires "uploaded" with {field, id, file}: the page saves it into its field.
 * - desktop-slot (PDFs only): offers 电脑上传, opening the desktop-upload page for that slot.
 */
const api = require('../../utils/api')
const device = require('../../utils/device')
const reference = require('../../utils/reference')
const uploads = require('../../utils/uploads')
const { DESKTOP_UPLOAD_PAGE } = require('../../utils/application')

Component({
  properties: {
    field: { type: String, value: '' },
    kind: { type: String, value: '' },
    accept: { type: String, value: 'pdf' },
    label: { type: String, value: '' },
    required: { type: Boolean, value: false },
    example: { type: String, value: '' },
    file: { type: Object, value: null },
    error: { type: String, value: '' },
    desktopSlot: { type: String, value: '' },
    disabled: { type: Boolean, value: false },
  },

  data: {
    uploading: false,
    progress: 0,
    uploadError: '',
    rule: '',
  },

  lifetimes: {
    attached() {
      return this.loadLimits().catch(() => null)
    },
  },

  methods: {
    /** The server's limits for this kind (and its sentence under the example). */
    async loadLimits() {
      const byKind = await reference.getUploadLimits()
      const limits = byKind[this.data.kind] || null
      this.setData({ rule: uploads.hintOf(limits) })
      return limits
    },

    async onChoose() {
      if (this.data.disabled || this.data.uploading) return
      this.setData({ uploadError: '' })
      let chosen
      try {
        chosen = this.data.accept === 'image' ? await device.chooseImage() : await device.choosePdf()
      } catch (err) {
        if (!err.cancelled) this.refuse(err.message)
        return
      }
      let limits = null
      try {
        limits = await this.loadLimits()
      } catch (err) {
        // Unknown limits: the server checks the file anyway.
      }
      const problem = uploads.problemOf(limits, chosen)
      if (problem) {
        this.refuse(problem)
        return
      }
      await this.upload(chosen)
    },

    refuse(message) {
      this.setData({ uploadError: message })
      device.tell(message, `${this.data.label || '文件'}未上传`)
    },

    async upload(chosen) {
      this.setData({ uploading: true, progress: 0, uploadError: '' })
      try {
        const stored = await api.uploadFile({
          filePath: chosen.path,
          kind: this.data.kind,
          originalName: chosen.name,
          onProgress: (progress) => this.setData({ progress }),
        })
        this.setData({ uploading: false, progress: 100 })
        this.triggerEvent('uploaded', { field: this.data.field, id: stored.id, file: stored })
      } catch (err) {
        this.setData({ uploading: false })
        this.refuse(err.message)
      }
    },

    onDesktop() {
      if (this.data.disabled || !this.data.desktopSlot) return
      const label = encodeURIComponent(this.data.label || '')
      wx.navigateTo({ url: `${DESKTOP_UPLOAD_PAGE}?slot=${encodeURIComponent(this.data.desktopSlot)}&label=${label}` })
    },

    /** Look at the uploaded file (images in the previewer, PDFs in the document viewer). */
    async onView() {
      const { file } = this.data
      if (!file || file.id === null || file.id === undefined) return
      wx.showLoading({ title: '正在打开' })
      try {
        const path = await api.downloadStoredFile(file.id)
        wx.hideLoading()
        const isImage = this.data.accept === 'image' || /^image\//.test(file.contentType || '')
        await (isImage ? device.previewImage(path) : device.openPdf(path))
      } catch (err) {
        wx.hideLoading()
        device.tellFailure(err, '无法打开文件，请稍后重试')
      }
    },
  },
})
