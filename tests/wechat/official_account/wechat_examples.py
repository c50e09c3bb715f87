"""WeChat's published example of its message push (消息推送, "debug_demo" event), verbatim:
(WeChat docs) developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
(the official account's 消息加解密说明 page carries the same example)."""

TOKEN = "AAAAA"
ENCODING_AES_KEY = "A" * 43
APPID = "wxba5fad812f8e6fb9"

# URL verification (GET).
VERIFY = {"signature": "f464b24fc39322e44b38aa78f5edd27bd1441696", "echostr": "4375120948345356249",
          "timestamp": "1714036504", "nonce": "1514711492"}

# Plain mode, JSON.
PLAIN_ARGS = {"signature": "899cf89e464efb63f54ddac96b0a0a235f53aa78", "timestamp": "1714037059",
              "nonce": "486452656"}
PLAIN_BODY = ('{"ToUserName": "gh_97417a04a28d", "FromUserName": "o9AgO5Kd5ggOC-bXrbNODIiE3bGY", '
              '"CreateTime": 1714037059, "MsgType": "event", "Event": "debug_demo", '
              '"debug_str": "hello world"}')

# Safe mode, JSON.
SAFE_ARGS = {"signature": "6c5c811b55cc85e0e1b54100749188c20beb3f5d", "timestamp": "1714112445",
             "nonce": "415670741", "openid": "o9AgO5Kd5ggOC-bXrbNODIiE3bGY", "encrypt_type": "aes",
             "msg_signature": "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"}
SAFE_ENCRYPT = ("+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZ"
                "qzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn"
                "2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSe"
                "OBrebufAlr7F9mFUPAJGj04=")
SAFE_BODY = '{"ToUserName": "gh_97417a04a28d", "Encrypt": "' + SAFE_ENCRYPT + '"}'
SAFE_RANDOM = b"a8eedb185eb2fecf"
SAFE_PLAIN = ('{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY",'
              '"CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}')

# The encrypted answer.
REPLY_PLAIN = '{"demo_resp":"good luck"}'
REPLY_RANDOM = "707722b803182950"
REPLY_TIMESTAMP = 1713424427
REPLY_NONCE = "415670741"
REPLY_ENCRYPT = "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ=="
REPLY_SIGNATURE = "1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1"
