/*
  The baseline of `spamtrace bench scan`: YARA rules written with the same intent as
  spamtrace's web-shell and mailer rules (rules/webshell/*.yml), so that both tools do comparable
  work on the same tree. YARA has no de-obfuscation or data flow, so these match request input
  next to code execution and mail() textually, as php-malware-finder and signature-base do.
*/

rule filesman_wso {
  strings:
    $a = "$default_action = 'FilesMan'" nocase
    $b = /function\s+wso(Header|Footer|Ex|Login|Scandir)\s*\(/ nocase
    $c = /\$_COOKIE\[\s*md5\s*\(\s*\$_SERVER\[\s*['"]HTTP_HOST/ nocase
    $d = /type=['"]?password['"]?\s{1,4}name=['"]?pass['"]?>\s{0,8}<input\s{1,4}type=['"]?submit['"]?\s{1,4}value=['"]?>>/ nocase
  condition: any of them
}

rule b374k_c99_r57 {
  strings:
    $a = /\$s_(name|title)\s*=\s*['"]b374k/ nocase
    $b = /\$GLOBALS\[['"](module|packer)['"]\]\[/ nocase
    $c = /\$c99sh_\w{1,30}\s*=/ nocase
    $d = /function\s+r57_\w{1,30}\s*\(/ nocase
  condition: any of them
}

rule weevely_agent {
  strings:
    $a = "php://input" nocase
    $b = /(eval|create_function)\s*\(\s*@?\s*gz(uncompress|inflate|decode)\s*\(/ nocase
    $c = /str_replace\s*\(\s*['"][^'"]{1,8}['"]\s*,\s*['"]['"]\s*,\s*['"]\w{0,40}(cr\w{0,8}e\w{0,8}a\w{0,8}t\w{0,8}e|b\w{0,8}a\w{0,8}s\w{0,8}e\w{0,8}6)/ nocase
  condition: ($a and $b) or $c
}

rule request_exec {
  strings:
    $e1 = /(eval|assert|create_function)\s*\([^;]{0,100}\$_(POST|GET|REQUEST|COOKIE)/ nocase
    $e2 = /(system|shell_exec|passthru|exec|popen|proc_open)\s*\([^;]{0,100}\$_(POST|GET|REQUEST|COOKIE)/ nocase
    $e3 = /(call_user_func|array_map|array_filter|usort|uasort)\s*\(\s*\$_(POST|GET|REQUEST|COOKIE)/ nocase
    $e4 = /\$_(POST|GET|REQUEST|COOKIE)\[[^\]]{1,40}\]\s*\(/ nocase
    $e5 = /preg_replace\s*\(\s*['"](.)[^'"]{0,100}\/[a-z]{0,5}e[a-z]{0,5}['"]/ nocase
    $e6 = /(include|require)(_once)?\s*\(?\s*['"]php:\/\/input/ nocase
  condition: any of them
}

rule uploader_dropper {
  strings:
    $u = /move_uploaded_file\s*\([^,;]{0,100}\$_FILES[^,;]{0,60},[^;]{0,160}\$_(FILES|POST|GET|REQUEST)/ nocase
    $w = /file_put_contents\s*\([^,;]{0,100}\$_(POST|GET|REQUEST)[^;]{0,200},[^;]{0,100}\$_(POST|GET|REQUEST)/ nocase
    $r = /copy\s*\(\s*['"](https?|ftp):\/\/[^'"]{1,200}['"]\s*,\s*['"][^'"]{0,120}\.php/ nocase
  condition: any of them
}

rule mass_mailer {
  strings:
    $m1 = /[^\w>$:]mail\s*\(\s*[^,;]{0,120}\$_(POST|GET|REQUEST)[^;]{0,600}\$_(POST|GET|REQUEST)/ nocase
    $m2 = /explode\s*\([^;]{0,40}\$_(POST|GET|REQUEST)/ nocase
    $m3 = /(foreach|for|while)\s*\(/ nocase
    $m4 = /[^\w>$:]mail\s*\(/ nocase
    $k1 = /(leaf|owl|priv8|inbox|mass|bulk|alexus|xleet)\s{0,3}(php)?\s{0,3}mail(er|3r)/ nocase
    $t1 = /<textarea[^>]{0,120}name=['"]?(emailList|emails|maillist|mailist|list|to|recipients)['"\s>]/ nocase
    $s1 = /RCPT TO[^;]{0,80}\$_(POST|GET|REQUEST)/ nocase
    $p1 = /->(addAddress|AddAddress)\s*\([^;]{0,100}\$_(POST|GET|REQUEST)/ nocase
  condition: $m1 or ($m2 and $m3 and $m4) or ($k1 and $m4) or ($t1 and $m4) or $s1 or $p1
}

rule packed_eval {
  strings:
    $a = /(eval|assert|create_function)\s*\(\s*@?\s*(gzinflate|gzuncompress|gzdecode|base64_decode|str_rot13|strrev|convert_uudecode|hex2bin)\s*\(/ nocase
    $b = /(\\x[0-9a-fA-F]{2}){24}/
    $c = /\$\w{1,30}\s*=\s*(chr\s*\(\s*\d{2,3}\s*\)\s*\.\s*){3}/ nocase
  condition: any of them
}
