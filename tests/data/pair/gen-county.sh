#!/bin/sh
# gen-county.sh: write a county-size roster, staff list and pool into DIR
# for benchmarking lb-pair (not run by the test suite; the files are big).
# Usage: sh gen-county.sh DIR [SCHOOLS]   (default 100 schools: 1,000
# classes, 50,000 children, 3,000 teachers, 60,000 pool pupils)
set -eu
dir=$1 schools=${2:-100}
mkdir -p "$dir"
awk -v dir="$dir" -v schools="$schools" 'BEGIN {
	srand(42)
	ro = dir "/roster.csv"; st = dir "/staff.csv"; po = dir "/pool.csv"
	print "student_id,name,gender,grade,class,village,left_behind,attention,academic,status" > ro
	print "staff_id,name,gender,role,classes,email,phone,max_mentees,active" > st
	print "student_id,name,class,gender,academic,village,left_behind" > po
	s = 0; t = 0; p = 0
	for (sc = 1; sc <= schools; sc++) {
		for (c = 1; c <= 10; c++) {
			cls = sprintf("X%03d-%d-%d", sc, int((c + 1) / 2), c)
			t++
			printf "T%05d,head%d,%s,head_teacher,%s,,,25,yes\n", t, t, \
			    (t % 2 ? "F" : "M"), cls > st
			for (k = 0; k < 50; k++) {
				s++
				att = rand() < 0.1 ? "key" : "general"
				printf "S%06d,kid%d,%s,%d,%s,V%03d-%d,both,%s,%d,active\n", \
				    s, s, (s % 2 ? "M" : "F"), int((c + 1) / 2), cls, sc, \
				    int(rand() * 5), att, 40 + int(rand() * 60) > ro
			}
			for (k = 0; k < 60; k++) {
				p++
				printf "P%06d,pup%d,%s,%s,%d,V%03d-%d,none\n", p, p, cls, \
				    (p % 2 ? "M" : "F"), 40 + int(rand() * 61), sc, \
				    int(rand() * 5) > po
			}
		}
		for (k = 0; k < 20; k++) {
			t++
			a = 1 + (k % 10); b = 1 + ((k + 3) % 10); d = 1 + ((k + 7) % 10)
			printf "T%05d,subj%d,%s,subject_teacher,X%03d-%d-%d;X%03d-%d-%d;X%03d-%d-%d,,,25,%s\n", \
			    t, t, (t % 2 ? "F" : "M"), sc, int((a + 1) / 2), a, sc, \
			    int((b + 1) / 2), b, sc, int((d + 1) / 2), d, \
			    (k == 19 ? "no" : "yes") > st
		}
	}
}'
