/**
 * One file of the application: the example of an acceptable file, the choose and
 * upload buttons with the upload's progress, the server's verdict, and for PDFs the
 * 电脑上传 way (a short code to open on a computer).
 *
 * <file-upload field="photo_file_id" kind="photo" accept="image" label="一寸免冠照"
 *   file="{{uploads.photo_file_id}}" error="{{errors.photo_file_id}}" disabled="{{!editable}}"
 *   bind:uploaded="onUploaded"/>
 *
 * - accept="image": wx.chooseMedia (album or camera); accept="pdf": wx.chooseMessageFile
 *   (a PDF from a chat).
 * - Uploads with wx.uploadFile (POST /api/v1/files, field "file", formData {kind}); the
 *   UploadTask's progress is shown; a refusal shows the server's message under the field.
 * - On success fires "uploaded" with {field, id, file}: the page PATCHes its section.
 * - desktop-slot (PDFs only): offers 电脑上传, opening the desktop-upload page for that slot.
 */
const api = require('../../utils/api')
const { DESKTOP_UPLOAD_PAGE } = require('../../utils/application')

const IMAGE_HINT = 'JPG/PNG 图片，不超过5MB'
const PDF_HINT = '请上传清晰、完整的 PDF 扫描件，不超过10MB'

function chooseImage() {
  return new Promise((resolve, reject) => {
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (res) => {
        const file = res && res.tempFiles && res.tempFiles[0]
        if (!file) reject(new Error('cancel'))
        else resolve({ path: file.tempFilePath, size: file.size, name: '' })
      },
      fail: reject,
    })
  })
}

function choosePdf() {
  return new Promise((resolve, reject) => {
    wx.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: ['pdf'],
      success: (res) => {
        const file = res && res.tempFiles && res.tempFiles[0]
        if (!file) reject(new Error('cancel'))
        else resolve({ path: file.path, size: file.size, name: file.name || '' })
      },
      fail: reject,
    })
  })
}

function isCancel(err) {
  const text = (err && (err.errMsg || err.message)) || ''
  return /cancel/i.test(text)
}

Component({
  properties: {
    field: { type: String, value: '' },
    kind: { type: String, value: '' },
    accept: { type: String, value: 'pdf' },
    label: { type: String, value: '' },
    required: { type: Boolean, value: false },
    hint: { type: String, value: '' },
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
    defaultHint: PDF_HINT,
  },

  observers: {
    accept(accept) {
      this.setData({ defaultHint: accept === 'image' ? IMAGE_HINT : PDF_HINT })
    },
  },

  methods: {
    async onChoose() {
      if (this.data.disabled || this.data.uploading) return
      let chosen
      try {
        chosen = this.data.accept === 'image' ? await chooseImage() : await choosePdf()
      } catch (err) {
        if (!isCancel(err)) this.setData({ uploadError: '未能选择文件，请重试' })
        return
      }
      await this.upload(chosen)
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
        this.setData({ uploading: false, uploadError: err.message })
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
      }
    },

    onDesktop() {
      if (this.data.disabled || !this.data.desktopSlot) return
      const label = encodeURIComponent(this.data.label || '')
      wx.navigateTo({ url: `${DESKTOP_UPLOAD_PAGE}?slot=${encodeURIComponent(this.data.desktopSlot)}&label=${label}` })
    },

    /** Look at the uploaded file (images in the previewer, PDFs in the document viewer). */
    async onView() {
      const file = this.data.file
      if (!file || file.id === null || file.id === undefined) return
      wx.showLoading({ title: '正在打开' })
      try {
        const path = await api.downloadStoredFile(file.id)
        wx.hideLoading()
        const isImage = this.data.accept === 'image' || /^image\//.test(file.contentType || '')
        if (isImage) wx.previewImage({ urls: [path], current: path })
        else wx.openDocument({ filePath: path, fileType: 'pdf', showMenu: true })
      } catch (err) {
        wx.hideLoading()
        wx.showToast({ title: err.message, icon: 'none' })
      }
    },
  },
})
