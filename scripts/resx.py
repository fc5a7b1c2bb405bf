#!/usr/bin/env python3
"""Add or update keys in Resources/SharedResource.resx (zh-CN) and SharedResource.en.resx.
Usage: resx.py RESOURCES_DIR KEY "中文" "English" [KEY "中文" "English" ...]"""
import sys, os, xml.etree.ElementTree as ET
HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
'''
def load(path):
    if not os.path.exists(path):
        with open(path, 'w', encoding='utf-8') as f: f.write(HEADER)
    return ET.parse(path)
def setkey(tree, key, value):
    root = tree.getroot()
    for d in root.findall('data'):
        if d.get('name') == key:
            d.find('value').text = value; return
    d = ET.SubElement(root, 'data', {'name': key, 'xml:space': 'preserve'})
    v = ET.SubElement(d, 'value'); v.text = value
def save(tree, path):
    root = tree.getroot()
    datas = sorted(root.findall('data'), key=lambda d: d.get('name'))
    for d in root.findall('data'): root.remove(d)
    for d in datas: root.append(d)
    ET.indent(tree, '  ')
    tree.write(path, encoding='utf-8', xml_declaration=True)
    with open(path, 'a', encoding='utf-8') as f: f.write('\n')
d = sys.argv[1]; args = sys.argv[2:]
zh_path = os.path.join(d, 'SharedResource.resx'); en_path = os.path.join(d, 'SharedResource.en.resx')
zh = load(zh_path); en = load(en_path)
for i in range(0, len(args), 3):
    setkey(zh, args[i], args[i+1]); setkey(en, args[i], args[i+2])
save(zh, zh_path); save(en, en_path)
